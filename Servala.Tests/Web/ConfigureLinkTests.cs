using System.Net;
using Servala.Tests.Support;

namespace Servala.Tests.Web;

/// <summary>The configure page's query string is untrusted input: a bad link gets a clear message, never an error page.</summary>
public sealed class ConfigureLinkTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("?storage=abc&replicas=1e9&plan=%3Cscript%3E&sla=&cp=nowhere&with=,,:,evil", "is not a whole number of GiB")]
    [InlineData("?replicas=99999999999999999999", "is not a whole number")]
    [InlineData("?with=collabora:nope", "cannot be added to PostgreSQL")]
    public async Task ConfigurePage_WithBadQueryValues_RendersWithAClearMessage(string query, string message)
    {
        var client = await PortalLogin.ClientForAsync(portal, null, null);

        var response = await client.GetAsync("/services/postgresql" + query);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"link-problems\"", html, StringComparison.Ordinal);
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"price-total-monthly\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigurePage_WithAValidLink_PricesTheLinkedConfiguration()
    {
        var client = await PortalLogin.ClientForAsync(portal, null, null);

        var html = await client.GetStringAsync("/services/postgresql?cp=exoscale-gva2&plan=standard-8&sla=sla999247&storage=50&replicas=1");

        // The worked example of the pricing contract.
        Assert.Contains("CHF&#xA0;376.92", html.Replace("\u00A0", "&#xA0;", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"link-problems\"", html, StringComparison.Ordinal);
    }
}
