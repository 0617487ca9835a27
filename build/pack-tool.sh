#!/usr/bin/env bash
# Packs the zsl-attngan tool as RID-specific packages (.NET 10 SDK), checks each against nuget.org's 250 MB limit, and
# installs it from the local feed and runs it.
#
#   build/pack-tool.sh                          linux-x64 (what this machine can build)
#   build/pack-tool.sh linux-x64,win-x64,osx-arm64   every RID TorchSharp-cpu ships (needs their apphost packs)
#
# One package with libtorch for every OS was 289 MB; per RID, each carries only its own OS's libtorch, and a small
# pointer package (ZslAttnGan.Cli) lets `dotnet tool install` pick the one for the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
rids=${1:-linux-x64}
out=${OUT:-artifacts/tool}
limit=$((250 * 1000 * 1000))
rm -rf "$out"
dotnet pack samples/ZslAttnGan.Cli/ZslAttnGan.Cli.csproj -c Release -o "$out" \
  -p:ToolPackageRuntimeIdentifiers="${rids//,/%3B}" -p:RuntimeIdentifiers="${rids//,/%3B}"
for f in "$out"/*.nupkg; do
  size=$(stat -c %s "$f")
  echo "$(basename "$f"): $((size / 1000000)) MB"
  if [ "$size" -ge "$limit" ]; then echo "ERROR: $f is over nuget.org's 250 MB limit." >&2; exit 1; fi
done
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n 1)
tools=$(mktemp -d)
dotnet tool install ZslAttnGan.Cli --version "$version" --tool-path "$tools" --add-source "$out"
"$tools/zsl-attngan" --help | head -n 5
rm -rf "$tools"
