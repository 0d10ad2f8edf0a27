# GridOps image: front-end assets and the web app built in stages, run on the ASP.NET runtime.
# The database is not in the image: docker-compose.yml pairs it with PostGIS.
FROM node:20-bookworm-slim AS assets
WORKDIR /src/wwwroot-assets
COPY wwwroot-assets/package.json wwwroot-assets/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY wwwroot-assets/ ./
RUN node build.mjs /out/assets

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/GridOps.Web/GridOps.Web.csproj src/GridOps.Web/
RUN dotnet restore src/GridOps.Web/GridOps.Web.csproj
COPY src/ src/
RUN dotnet publish src/GridOps.Web/GridOps.Web.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
# CJK fonts are not needed on the server (pages render in the browser); ICU is, for zh-CN.
ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=false \
    ASPNETCORE_URLS=http://0.0.0.0:5080
COPY --from=build /app ./
COPY --from=assets /out/assets ./wwwroot/assets
COPY mappings/ ./mappings/
EXPOSE 5080
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD ["dotnet", "GridOps.Web.dll", "--health-probe"]
ENTRYPOINT ["dotnet", "GridOps.Web.dll"]
