package dev.burnwatch.daemon;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The daemon settings are core: the console and the CLI stand on them, never the other way
 * round. Checked with plain JUnit tests (ArchUnit's API), which run wherever JUnit runs.
 */
class DaemonLayerTest {

    private static JavaClasses daemon;

    @BeforeAll
    static void importTheDaemonPackage() {
        daemon = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.burnwatch.daemon");
    }

    @Test
    void theDaemonPackageNeverReachesIntoTheCommandLineOrTheConsole() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.burnwatch.cli..", "dev.burnwatch.ui..")
                .check(daemon);
    }

    @Test
    void theDaemonPackageNeverImportsJavaFx() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "eu.hansolo..")
                .check(daemon);
    }
}
