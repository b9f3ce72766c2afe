using SchoolSupport.Web.Bot;
using SchoolSupport.Web.Hosting;
using SchoolSupport.Web.Surveys;
using SchoolSupport.Web.Telemetry;
using SchoolSupport.Web.WebChat;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddStorage(builder.Configuration, builder.Environment);
builder.Services.AddDemoAccess(builder.Configuration, builder.Environment);
builder.Services.AddBot(builder.Configuration);
builder.Services.AddFeatures(builder.Configuration);
builder.Services.AddWebChat(builder.Configuration, builder.Environment);
builder.Services.AddTelemetry(builder.Configuration);

var app = builder.Build();

app.MapBot();
app.MapHealth();
app.MapSurveyCharts();
app.MapWebChat();

app.Run();

public partial class Program;
