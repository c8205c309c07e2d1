package dev.burnwatch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Layer rules that fail the build when broken. */
@AnalyzeClasses(packages = "dev.burnwatch", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] CORE = {
        "dev.burnwatch.usage..", "dev.burnwatch.pricing..", "dev.burnwatch.host..", "dev.burnwatch.daemon..",
        "dev.burnwatch.aws..", "dev.burnwatch.monitor..", "dev.burnwatch.demo..", "dev.burnwatch.cli..",
        "dev.burnwatch.config..",
    };

    @ArchTest
    static final ArchRule coreNeverImportsJavaFx = noClasses().that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "eu.hansolo..")
            .because("the engine runs headless and is tested without a stage");

    @ArchTest
    static final ArchRule coreNeverReachesIntoTheConsole = noClasses().that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAPackage("dev.burnwatch.ui..")
            .because("the console is built on the core, never the other way round");

    @ArchTest
    static final ArchRule coreNeverReachesIntoTheCommandLine = noClasses().that()
            .resideInAnyPackage("dev.burnwatch.usage..", "dev.burnwatch.pricing..", "dev.burnwatch.host..",
                    "dev.burnwatch.daemon..", "dev.burnwatch.aws..", "dev.burnwatch.monitor..",
                    "dev.burnwatch.demo..", "dev.burnwatch.config..")
            .should().dependOnClassesThat().resideInAPackage("dev.burnwatch.cli..")
            .because("the console and the CLI both stand on the core");
}
