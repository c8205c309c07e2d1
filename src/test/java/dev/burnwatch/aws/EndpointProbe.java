package dev.burnwatch.aws;

/**
 * Run in a child JVM by {@link AwsEndpointEnvironmentTest}: builds the application's own
 * clients (no endpoint override, credentials and region from the environment) and makes one
 * CloudWatch and one Cost Explorer call, so the test sees where AWS_ENDPOINT_URL sends them.
 * Prints each call's problem, if any; exits 1 when a call failed.
 */
public final class EndpointProbe {

    private EndpointProbe() {
    }

    public static void main(String[] args) {
        AwsClients clients = AwsClients.of(AwsSettings.defaults());
        AwsResult<Object> cloudWatch = AwsResult.attempt("ListMetrics", () -> {
            try (var cw = clients.cloudWatch()) {
                return cw.listMetrics(r -> r.namespace("Burnwatch"));
            }
        });
        AwsResult<Object> costExplorer = AwsResult.attempt("GetCostAndUsage", () -> {
            try (var ce = clients.costExplorer()) {
                return ce.getCostAndUsage(r -> r.granularity("DAILY").metrics("UnblendedCost")
                        .timePeriod(t -> t.start("2026-11-01").end("2026-11-02")));
            }
        });
        int failed = 0;
        for (AwsResult<Object> result : java.util.List.of(cloudWatch, costExplorer)) {
            if (result instanceof AwsResult.Failed<Object> failure) {
                System.out.println("problem: " + failure.problem().kind() + ": " + failure.problem().message());
                failed++;
            }
        }
        System.exit(failed == 0 ? 0 : 1);
    }
}
