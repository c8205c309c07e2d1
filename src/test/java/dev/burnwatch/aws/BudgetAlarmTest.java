package dev.burnwatch.aws;

import static dev.burnwatch.aws.AwsWireMock.cloudWatch;
import static dev.burnwatch.aws.AwsWireMock.cloudWatchReply;
import static dev.burnwatch.aws.AwsWireMock.form;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BudgetAlarmTest {

    @TempDir
    Path home;

    private AwsWireMock aws;
    private BudgetAlarm alarm;

    @BeforeEach
    void start() {
        System.setProperty("burnwatch.home", home.toString());
        aws = new AwsWireMock();
        AwsClients clients = aws.clients(AwsSettings.defaults(), home);
        alarm = new BudgetAlarm(clients::cloudWatch);
    }

    @AfterEach
    void stop() {
        aws.close();
        System.clearProperty("burnwatch.home");
    }

    @Test
    void theAlarmWatchesTheDailySumOfCostUsdAtTheBudgetAndNotifiesTheTopic() {
        aws.server.stubFor(cloudWatch("PutMetricAlarm").willReturn(cloudWatchReply("PutMetricAlarm", null)));

        String name = alarm.set("daemon-1", new BigDecimal("5"), "arn:aws:sns:eu-west-1:123456789012:burn").orThrow();

        Map<String, String> form = form(aws.requests().get(0));
        assertThat(name).isEqualTo("Burnwatch daily cost daemon-1");
        assertThat(form).containsEntry("AlarmName", "Burnwatch daily cost daemon-1")
                .containsEntry("Namespace", "Burnwatch").containsEntry("MetricName", "CostUsd")
                .containsEntry("Dimensions.member.1.Name", "Host")
                .containsEntry("Dimensions.member.1.Value", "daemon-1")
                .containsEntry("Statistic", "Sum").containsEntry("Period", "86400")
                .containsEntry("EvaluationPeriods", "1").containsEntry("Threshold", "5.0")
                .containsEntry("ComparisonOperator", "GreaterThanThreshold")
                .containsEntry("TreatMissingData", "notBreaching").containsEntry("ActionsEnabled", "true")
                .containsEntry("AlarmActions.member.1", "arn:aws:sns:eu-west-1:123456789012:burn");
    }

    @Test
    void withoutATopicTheAlarmHasNoActions() {
        aws.server.stubFor(cloudWatch("PutMetricAlarm").willReturn(cloudWatchReply("PutMetricAlarm", null)));

        alarm.set("daemon-1", new BigDecimal("12.50"), null).orThrow();

        Map<String, String> form = form(aws.requests().get(0));
        assertThat(form).containsEntry("Threshold", "12.5").containsEntry("ActionsEnabled", "false")
                .doesNotContainKey("AlarmActions.member.1");
    }

    @Test
    void theAlarmsStateIsReadWithDescribeAlarms() {
        aws.server.stubFor(cloudWatch("DescribeAlarms").willReturn(cloudWatchReply("DescribeAlarms",
                "<MetricAlarms><member><AlarmName>Burnwatch daily cost daemon-1</AlarmName>"
                        + "<StateValue>ALARM</StateValue><StateReason>Threshold Crossed: 1 datapoint [7.2] was greater"
                        + " than the threshold (5.0).</StateReason>"
                        + "<StateUpdatedTimestamp>2026-12-01T14:03:00.000Z</StateUpdatedTimestamp>"
                        + "<Threshold>5.0</Threshold><MetricName>CostUsd</MetricName><Namespace>Burnwatch</Namespace>"
                        + "</member></MetricAlarms><CompositeAlarms/>")));

        BudgetAlarm.Status status = alarm.status("daemon-1").orThrow();

        assertThat(form(aws.requests().get(0))).containsEntry("AlarmNames.member.1", "Burnwatch daily cost daemon-1");
        assertThat(status.exists()).isTrue();
        assertThat(status.state()).isEqualTo("ALARM");
        assertThat(status.reason()).contains("7.2");
        assertThat(status.thresholdUsd()).isEqualByComparingTo("5");
        assertThat(status.since()).isEqualTo(Instant.parse("2026-12-01T14:03:00Z"));
    }

    @Test
    void aMissingAlarmIsReportedAsNotCreated() {
        aws.server.stubFor(cloudWatch("DescribeAlarms").willReturn(cloudWatchReply("DescribeAlarms",
                "<MetricAlarms/><CompositeAlarms/>")));

        BudgetAlarm.Status status = alarm.status("daemon-9").orThrow();

        assertThat(status.exists()).isFalse();
    }
}
