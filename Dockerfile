# syntax=docker/dockerfile:1
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY Servala.Catalog/Servala.Catalog.csproj Servala.Catalog/
COPY Servala.Web/Servala.Web.csproj Servala.Web/
# For this image's runtime: a publish for a runtime identifier is ReadyToRun (see Servala.Web.csproj), so the portal and
# its command-line verbs start without JIT-compiling their libraries. scripts/test.sh and bench/run.sh publish the same way.
RUN dotnet restore Servala.Web/Servala.Web.csproj --use-current-runtime
COPY Servala.Catalog/ Servala.Catalog/
COPY Servala.Web/ Servala.Web/
RUN dotnet publish Servala.Web/Servala.Web.csproj -c Release --no-restore --use-current-runtime -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
# The SQLite database (embedded default) lives in /app/Data; mount a volume there to keep it.
RUN mkdir -p /app/Data && chown "$APP_UID" /app/Data
VOLUME /app/Data
USER $APP_UID
# ASPNETCORE_URLS may be overridden at run time; the image's default is port 8080.
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
# The runtime image has no curl: the app probes itself (GET /healthz on its own port, 3 s at most).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["dotnet", "Servala.Web.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "Servala.Web.dll"]
