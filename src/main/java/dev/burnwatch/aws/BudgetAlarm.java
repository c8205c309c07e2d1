package dev.burnwatch.aws;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/**
 * The budget alarm: a CloudWatch alarm on a host's daily {@code CostUsd} (period 86400,
 * statistic Sum) that fires when the day's published cost passes the budget, optionally
 * notifying an SNS topic. PutMetricAlarm creates or replaces it, so setting it again with a
 * new budget updates it in place.
 */
public final class BudgetAlarm {

    /** One day, the alarm's period. */
    static final int DAY_SECONDS = 86_400;

    private static final Logger LOG = LoggerFactory.getLogger(BudgetAlarm.class);

    private final Supplier<CloudWatchClient> client;

    /** @param client makes a CloudWatch client per call; closed after use */
    public BudgetAlarm(Supplier<CloudWatchClient> client) {
        this.client = client;
    }

    /**
     * The alarm's state as CloudWatch reports it.
     *
     * @param alarmName the alarm
     * @param exists false when no such alarm was created yet (the other fields are then empty)
     * @param state OK, ALARM or INSUFFICIENT_DATA
     * @param reason CloudWatch's explanation of the state
     * @param thresholdUsd the budget it watches
     * @param since when the state last changed
     */
    public record Status(String alarmName, boolean exists, String state, String reason, BigDecimal thresholdUsd,
                         Instant since) {
    }

    /** The alarm's name for a host, the same everywhere so it is found again. */
    public static String alarmName(String hostName) {
        return "Burnwatch daily cost " + hostName;
    }

    /**
     * Creates or updates the alarm for {@code hostName} at {@code budgetUsd} a day;
     * {@code snsTopicArn} may be null.
     */
    public AwsResult<String> set(String hostName, BigDecimal budgetUsd, String snsTopicArn) {
        String name = alarmName(hostName);
        PutMetricAlarmRequest.Builder request = PutMetricAlarmRequest.builder()
                .alarmName(name)
                .alarmDescription("Burnwatch: the agents on " + hostName + " spent more than $"
                        + budgetUsd.toPlainString() + " in a day (transcript estimate published by burnwatch publish)")
                .namespace(MetricBatcher.NAMESPACE)
                .metricName(MetricBatcher.Metric.COST_USD.metricName)
                .dimensions(Dimension.builder().name("Host").value(hostName).build())
                .statistic(Statistic.SUM)
                .period(DAY_SECONDS)
                .evaluationPeriods(1)
                .datapointsToAlarm(1)
                .threshold(budgetUsd.doubleValue())
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .treatMissingData("notBreaching")
                .actionsEnabled(snsTopicArn != null);
        if (snsTopicArn != null) {
            request.alarmActions(snsTopicArn);
        }
        return AwsResult.attempt("PutMetricAlarm", () -> {
            try (CloudWatchClient cw = client.get()) {
                cw.putMetricAlarm(request.build());
            }
            LOG.info("Budget alarm '{}' set at ${} a day", name, budgetUsd.toPlainString());
            return name;
        });
    }

    /** The alarm's current state. */
    public AwsResult<Status> status(String hostName) {
        String name = alarmName(hostName);
        return AwsResult.attempt("DescribeAlarms", () -> {
            DescribeAlarmsResponse response;
            try (CloudWatchClient cw = client.get()) {
                response = cw.describeAlarms(r -> r.alarmNames(name));
            }
            if (response.metricAlarms().isEmpty()) {
                return new Status(name, false, null, null, null, null);
            }
            MetricAlarm alarm = response.metricAlarms().get(0);
            BigDecimal threshold = alarm.threshold() == null ? null : BigDecimal.valueOf(alarm.threshold());
            return new Status(name, true, alarm.stateValueAsString(), alarm.stateReason(), threshold,
                    alarm.stateUpdatedTimestamp());
        });
    }
}
