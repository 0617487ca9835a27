// POST /generate {"caption": "a small red bird", "seed": 1} → image/png.
// Run: dotnet run --project samples/WebApiExample -- --Pipeline:CheckpointDirectory=runs/quickstart/checkpoint
WebApiExample.GenerationApi.Build(args).Run();
