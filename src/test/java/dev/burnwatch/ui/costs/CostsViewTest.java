package dev.burnwatch.ui.costs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.burnwatch.aws.AwsClients;
import dev.burnwatch.aws.AwsSettings;
import dev.burnwatch.aws.AwsWorkspace;
import dev.burnwatch.config.AppDirs;
import dev.burnwatch.ui.common.ConsoleModel;
import dev.burnwatch.ui.common.EventBus;
import dev.burnwatch.ui.common.FxSupport;
import dev.burnwatch.ui.common.UiExecutor;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class CostsViewTest {

    private static final String[] AWS_PROPERTIES = {"aws.configFile", "aws.sharedCredentialsFile",
        "aws.disableEc2Metadata", "aws.region"};

    @TempDir
    Path home;

    private final UiExecutor executor = new UiExecutor();
    private final WireMockServer aws = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private final Map<String, String> saved = new HashMap<>();

    @BeforeAll
    static void toolkit() {
        FxSupport.startToolkit();
    }

    @BeforeEach
    void start() throws Exception {
        for (String property : AWS_PROPERTIES) {
            saved.put(property, System.getProperty(property));
        }
        System.setProperty("burnwatch.home", home.resolve("elsewhere").toString());
        Files.writeString(home.resolve("aws-empty"), "");
        System.setProperty("aws.configFile", home.resolve("aws-empty").toString());
        System.setProperty("aws.sharedCredentialsFile", home.resolve("aws-empty").toString());
        System.setProperty("aws.disableEc2Metadata", "true");
        aws.start();
    }

    @AfterEach
    void stop() {
        executor.close();
        aws.stop();
        System.clearProperty("burnwatch.home");
        saved.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }

    private ConsoleModel consoleModel() {
        return new ConsoleModel(executor, new EventBus(), (m, t) -> Optional.empty(), ZoneOffset.UTC);
    }

    /** Whether the node and all its parents are visible. */
    private static boolean shown(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyLabelContains(Node root, String text) {
        return root.lookupAll(".label").stream().filter(Node::isVisible).map(n -> ((Label) n).getText())
                .anyMatch(t -> t != null && t.contains(text));
    }

    @Test
    void theConsoleScreenReadsTheAppsOwnFoldersAndShowsWhyBrokenSettingsWereNotUsed() throws Exception {
        Path appDir = Files.createDirectories(home.resolve("app"));
        Files.writeString(appDir.resolve("aws.json"), "{ broken");

        CostsView view = FxSupport.onFx(() -> {
            CostsView created = CostsView.forConsole(consoleModel(), executor, new AppDirs(appDir, appDir));
            new Scene(created, 1000, 800);
            created.applyCss();
            created.layout();
            return created;
        });

        assertThat(FxSupport.onFx(() -> anyLabelContains(view, appDir.resolve("aws.json").toString()))).isTrue();
        assertThat(Files.exists(home.resolve("elsewhere/aws.json"))).isFalse();
    }

    @Test
    void withoutCredentialsTheScreenShowsOneStateSayingWhatToDoInsteadOfEmptyTables() throws Exception {
        Path appDir = Files.createDirectories(home.resolve("app"));
        System.setProperty("aws.region", "eu-west-1");

        CostsView view = FxSupport.onFx(() -> {
            CostsView created = CostsView.forConsole(consoleModel(), executor, new AppDirs(appDir, appDir));
            new Scene(created, 1000, 800);
            created.applyCss();
            created.layout();
            return created;
        });
        FxSupport.waitFor("the set-up check", () -> !((Label) view.lookup("#costs-setup-problem")).getText()
                .isEmpty());

        String problem = FxSupport.onFx(() -> ((Label) view.lookup("#costs-setup-problem")).getText());
        assertThat(problem).startsWith("No AWS credentials were found")
                .contains("the AWS settings (profile and region) below");
        assertThat(FxSupport.onFx(() -> shown(view.lookup("#costs-billed"))))
                .as("no table saying 'no billed days' beside it").isFalse();
        assertThat(FxSupport.onFx(() -> shown(view.lookup("#costs-setup-problem")))).isTrue();
        assertThat(FxSupport.onFx(() -> anyLabelContains(view, "press Refresh"))).isTrue();
    }

    @Test
    void theScreenLoadsWhenItIsPutIntoTheWindowAndNotBefore() throws Exception {
        aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", containing("GetCostAndUsage"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"ResultsByTime\":[]}")));
        aws.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=ListMetrics"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(
                        "<ListMetricsResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"
                                + "<ListMetricsResult><Metrics/></ListMetricsResult></ListMetricsResponse>")));
        AwsClients.Options options = AwsClients.Options.standard().withEndpoint(URI.create(aws.baseUrl()))
                .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTESTONLY", "x")))
                .withRetries(new AwsClients.Retries(1, Duration.ofMillis(1), Duration.ofMillis(1),
                        Duration.ofMillis(1)))
                .withUserHome(home);
        AppDirs dirs = new AppDirs(home.resolve("app"), home.resolve("app"));
        StackPane window = FxSupport.onFx(() -> {
            StackPane content = new StackPane();
            new Scene(content, 1000, 800);
            return content;
        });
        CostsView view = FxSupport.onFx(() -> new CostsView(new CostsViewModel(consoleModel(), executor,
                AwsSettings.defaults().withRegion("eu-west-1"), dirs.configDir(),
                settings -> new AwsWorkspace(settings, new AwsClients(settings, options), dirs,
                        Clock.systemUTC()))));
        Thread.sleep(300);
        int beforeShown = aws.findAll(anyRequestedFor(anyUrl())).size();

        FxSupport.onFx(() -> window.getChildren().setAll(view));
        FxSupport.waitFor("the first load", () -> !aws.findAll(anyRequestedFor(anyUrl())).isEmpty());

        assertThat(beforeShown).isZero();
        FxSupport.waitFor("the set-up state", () -> ((Label) view.lookup("#costs-setup-state")).getText()
                .startsWith("AWS: credentials from the credentials given to Burnwatch, region eu-west-1"));
    }
}
