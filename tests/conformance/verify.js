// Golden verdicts from the official Bot Framework JS SDK for channel-token vectors.
// Usage: node verify.js vectors.json [openIdMetadataUrl]
// vectors.json: { "metadataUrl": "...", "appId": "...", "vectors": [ { "name", "authHeader", "activity" } ] }
// Prints a JSON array: [ { "name", "accepted", "reason" } ].
'use strict';

const fs = require('fs');
const {
    ChannelValidation,
    JwtTokenValidation,
    SimpleCredentialProvider,
    AuthenticationConfiguration,
} = require('botframework-connector');

async function main() {
    const file = process.argv[2];
    if (!file) {
        console.error('usage: node verify.js vectors.json [openIdMetadataUrl]');
        process.exit(2);
    }

    const input = JSON.parse(fs.readFileSync(file, 'utf8'));
    // Only the channel path is exercised, so this one endpoint is all that must point at the local server;
    // issuer and audience are the public-cloud defaults the vectors are minted for.
    ChannelValidation.OpenIdMetadataEndpoint = process.argv[3] || input.metadataUrl;
    const credentials = new SimpleCredentialProvider(input.appId, 'unused-password');

    const verdicts = [];
    for (const vector of input.vectors) {
        try {
            const identity = await JwtTokenValidation.authenticateRequest(
                vector.activity,
                vector.authHeader || '',
                credentials,
                '',
                new AuthenticationConfiguration()
            );
            verdicts.push({ name: vector.name, accepted: Boolean(identity && identity.isAuthenticated) });
        } catch (err) {
            verdicts.push({ name: vector.name, accepted: false, reason: String(err && err.message) });
        }
    }

    process.stdout.write(JSON.stringify(verdicts));
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});
