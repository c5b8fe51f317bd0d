using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Servala.Catalog.Model;

namespace Servala.Catalog.ControlPlanes;

/// <summary>The API server answered 401 or 403: the kubeconfig's credentials are not accepted.</summary>
public sealed class ControlPlaneCredentialsRejectedException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>The API server could not be reached, timed out or kept failing (5xx, 429) after every retry.</summary>
public sealed class ControlPlaneUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>The API server refused one request for good (e.g. 422 for an invalid claim); retrying cannot help.</summary>
public sealed class ControlPlaneRequestException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>
/// One control plane's API server through the official Kubernetes client, configured from the kubeconfig
/// the setup file names. Every request is bounded by <see cref="ControlPlaneOptions.RequestTimeout"/>;
/// transient failures (refused connection, timeout, 5xx, 429) are retried with doubling delays, then
/// reported as <see cref="ControlPlaneUnavailableException"/>; 401/403 as <see cref="ControlPlaneCredentialsRejectedException"/>.
/// </summary>
public sealed class ControlPlaneApi : IDisposable
{
    private readonly Kubernetes _client;
    private readonly ControlPlaneOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _name;

    private ControlPlaneApi(Kubernetes client, ControlPlaneOptions options, TimeProvider time, ILogger logger, string name)
    {
        (_client, _options, _time, _logger, _name) = (client, options, time, logger, name);
    }

    /// <summary>Connects to a control plane with a kubeconfig.</summary>
    /// <exception cref="ControlPlaneRequestException">The kubeconfig cannot be read or has no such context.</exception>
    public static ControlPlaneApi Connect(ControlPlane controlPlane, ControlPlaneOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(controlPlane);
        ArgumentNullException.ThrowIfNull(options);
        KubernetesClientConfiguration configuration;
        try
        {
            configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(controlPlane.Kubeconfig!, controlPlane.KubeContext);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or k8s.Exceptions.KubeConfigException or YamlDotNet.Core.YamlException or ArgumentException)
        {
            // A YAML error's text may quote the file (and so a token): only the client's own messages are passed on.
            var detail = e is k8s.Exceptions.KubeConfigException or FileNotFoundException or DirectoryNotFoundException ? e.Message : e.GetType().Name;
            throw new ControlPlaneRequestException($"the kubeconfig '{controlPlane.Kubeconfig}' cannot be used: {detail}");
        }

        configuration.HttpClientTimeout = options.RequestTimeout;
        return new ControlPlaneApi(new Kubernetes(configuration), options, time, logger, controlPlane.Name);
    }

    /// <summary>Creates the organization's namespace if missing and sets its two annotations (server-side apply).</summary>
    public Task ApplyNamespaceAsync(Organization organization, CancellationToken cancellationToken) =>
        SendAsync("apply namespace " + organization.Namespace, ct => _client.CoreV1.PatchNamespaceAsync(
            new V1Patch(ClaimDocuments.NamespaceApplyJson(organization), V1Patch.PatchType.ApplyPatch),
            organization.Namespace, fieldManager: ClaimDocuments.FieldManager, force: true, cancellationToken: ct), cancellationToken);

    /// <summary>Server-side applies the instance's claim (field manager <c>servala-portal</c>, forced) and returns it as the server has it.</summary>
    public async Task<JsonElement> ApplyClaimAsync(ServiceOffering offering, ServiceInstance instance, CancellationToken cancellationToken)
    {
        var (group, version) = GroupVersion(offering);
        var body = new V1Patch(ClaimDocuments.ClaimApplyJson(instance), V1Patch.PatchType.ApplyPatch);
        var result = await SendAsync($"apply {offering.Kind} {instance.Name}", ct => _client.CustomObjects.PatchNamespacedCustomObjectAsync(
            body, group, version, instance.Organization.Namespace, offering.ResourcePlural, instance.Name,
            fieldManager: ClaimDocuments.FieldManager, force: true, cancellationToken: ct), cancellationToken);
        return AsJson(result);
    }

    /// <summary>The claim as the server has it, or null when it does not exist.</summary>
    public async Task<JsonElement?> GetClaimAsync(ServiceOffering offering, ServiceInstance instance, CancellationToken cancellationToken)
    {
        var (group, version) = GroupVersion(offering);
        var result = await SendAsync($"read {offering.Kind} {instance.Name}", ct => OrNotFound(_client.CustomObjects.GetNamespacedCustomObjectAsync(
            group, version, instance.Organization.Namespace, offering.ResourcePlural, instance.Name, ct)), cancellationToken);
        return result is null ? null : AsJson(result);
    }

    /// <summary>Deletes the claim; false when it was already gone.</summary>
    public async Task<bool> DeleteClaimAsync(ServiceOffering offering, ServiceInstance instance, CancellationToken cancellationToken)
    {
        var (group, version) = GroupVersion(offering);
        var result = await SendAsync($"delete {offering.Kind} {instance.Name}", ct => OrNotFound(_client.CustomObjects.DeleteNamespacedCustomObjectAsync(
            group, version, instance.Organization.Namespace, offering.ResourcePlural, instance.Name, cancellationToken: ct)), cancellationToken);
        return result is not null;
    }

    /// <summary>The claims of an offering's kind in a namespace.</summary>
    public async Task<IReadOnlyList<JsonElement>> ListClaimsAsync(ServiceOffering offering, string ns, CancellationToken cancellationToken)
    {
        var (group, version) = GroupVersion(offering);
        var result = await SendAsync($"list {offering.ResourcePlural} in {ns}", ct => OrNotFound(_client.CustomObjects.ListNamespacedCustomObjectAsync(
            group, version, ns, offering.ResourcePlural, cancellationToken: ct)), cancellationToken);
        if (result is null || !AsJson(result).TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return items.EnumerateArray().Select(i => i.Clone()).ToList();
    }

    /// <summary>The connection secret's data (key → value bytes), or null when it does not exist (yet).</summary>
    public async Task<IReadOnlyDictionary<string, byte[]>?> ReadSecretAsync(string ns, string name, CancellationToken cancellationToken)
    {
        var secret = await SendAsync("read secret " + name, ct => OrNotFound(_client.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: ct)), cancellationToken);
        return secret is null ? null : (IReadOnlyDictionary<string, byte[]>)(secret.Data ?? new Dictionary<string, byte[]>());
    }

    public void Dispose() => _client.Dispose();

    private static JsonElement AsJson(object result) => result switch
    {
        JsonElement element => element.Clone(),
        _ => JsonSerializer.SerializeToElement(result),
    };

    private static (string Group, string Version) GroupVersion(ServiceOffering offering)
    {
        var slash = offering.ApiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? ("", offering.ApiVersion) : (offering.ApiVersion[..slash], offering.ApiVersion[(slash + 1)..]);
    }

    private static async Task<T?> OrNotFound<T>(Task<T> request) where T : class
    {
        try
        {
            return await request;
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private async Task<T> SendAsync<T>(string what, Func<CancellationToken, Task<T>> request, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            string failure;
            Exception error;
            try
            {
                return await request(cancellationToken);
            }
            catch (HttpOperationException e) when (e.Response?.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new ControlPlaneCredentialsRejectedException(
                    $"{_name} rejected the portal's credentials ({(int)e.Response.StatusCode} {e.Response.StatusCode}) on {what}", e);
            }
            catch (HttpOperationException e) when (e.Response?.StatusCode is { } status && ((int)status >= 500 || status == HttpStatusCode.TooManyRequests))
            {
                (failure, error) = ($"{(int)status} {StatusMessage(e)}", e);
            }
            catch (HttpOperationException e)
            {
                throw new ControlPlaneRequestException($"{_name} refused to {what}: {(int?)e.Response?.StatusCode} {StatusMessage(e)}", e);
            }
            catch (HttpRequestException e)
            {
                (failure, error) = (e.HttpRequestError == HttpRequestError.ConnectionError ? "connection refused" : e.Message, e);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                (failure, error) = ($"no answer within {_options.RequestTimeout.TotalSeconds:0.###} s", e);
            }

            if (attempt >= _options.MaxRetries)
            {
                throw new ControlPlaneUnavailableException($"{_name}: {what} failed after {attempt + 1} attempts: {failure}", error);
            }

            var delay = _options.RetryBaseDelay * Math.Pow(2, attempt);
            if (_logger.IsEnabled(LogLevel.Information))
            {
                _logger.LogInformation("Control plane {ControlPlane}: {What} failed ({Failure}); retry {Retry} in {Delay}", _name, what, failure, attempt + 1, delay);
            }

            await Task.Delay(delay, _time, cancellationToken);
        }
    }

    private static string StatusMessage(HttpOperationException e)
    {
        var content = e.Response?.Content;
        if (string.IsNullOrEmpty(content))
        {
            return e.Response?.ReasonPhrase ?? "";
        }

        try
        {
            using var status = JsonDocument.Parse(content);
            return status.RootElement.TryGetProperty("message", out var message) ? message.GetString() ?? "" : "";
        }
        catch (JsonException)
        {
            return e.Response?.ReasonPhrase ?? "";
        }
    }
}
