// Azure Bot resource for SchoolSupport with the Microsoft Teams channel switched on.
// The web app itself (App Service, container or VM) is deployed separately; pass its public host name.
//
//   az deployment group create -g <resource-group> -f bot.bicep \
//     -p botName=schoolsupport-bot msaAppId=<app-client-id> messagingHost=<host>
//
// For UserAssignedMSI also pass appType=UserAssignedMSI and msiResourceId=<identity resource id>;
// msaAppId is then the identity's client id.

@description('Resource name of the Azure Bot (globally unique, 2–64 characters).')
@minLength(2)
@maxLength(64)
param botName string

@description('Name shown in the Azure portal and in Bot Framework channels.')
param displayName string = 'Школа 500+'

@description('How the bot proves its identity: an Entra app registration in this tenant, or a user-assigned managed identity.')
@allowed([
  'SingleTenant'
  'UserAssignedMSI'
])
param appType string = 'SingleTenant'

@description('Application (client) ID of the app registration or of the managed identity; the same value goes into the Teams package as the bot id.')
param msaAppId string

@description('Entra tenant that owns the app registration or identity.')
param msaAppTenantId string = tenant().tenantId

@description('Resource id of the user-assigned managed identity; only for appType UserAssignedMSI.')
param msiResourceId string = ''

@description('Public host name of the SchoolSupport web app, without scheme or path (e.g. schoolsupport.example.org).')
param messagingHost string

@description('F0 is free with a message limit on premium channels; Teams is a standard channel, so F0 is enough to start.')
@allowed([
  'F0'
  'S1'
])
param sku string = 'F0'

param tags object = {}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: sku
  }
  tags: tags
  properties: {
    displayName: displayName
    endpoint: 'https://${messagingHost}/api/messages'
    msaAppId: msaAppId
    msaAppTenantId: msaAppTenantId
    msaAppType: appType
    msaAppMSIResourceId: appType == 'UserAssignedMSI' ? msiResourceId : null
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

output botId string = msaAppId
output messagingEndpoint string = bot.properties.endpoint
