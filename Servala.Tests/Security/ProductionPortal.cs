using Servala.Tests.Support;

namespace Servala.Tests.Security;

/// <summary>The demo portal in the Production environment: the error pages and headers a deployment serves.</summary>
public class ProductionPortal : PortalFactory
{
    protected override string EnvironmentName => "Production";
}
