using SchoolSupport.Web.Bot;
using SchoolSupport.Web.Hosting;
using SchoolSupport.Web.Surveys;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddStorage(builder.Configuration, builder.Environment);
builder.Services.AddDemoAccess(builder.Configuration, builder.Environment);
builder.Services.AddBot(builder.Configuration);
builder.Services.AddFeatures(builder.Configuration);

var app = builder.Build();

app.MapBot();
app.MapHealth();
app.MapSurveyCharts();

app.Run();

public partial class Program;
