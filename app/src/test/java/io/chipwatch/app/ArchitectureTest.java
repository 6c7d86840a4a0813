package io.chipwatch.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point inward to model; services never import each other. When this fails, move the
 * shared type into {@code io.chipwatch.model} (records, serdes, topic names) or wire the two
 * services together in {@code io.chipwatch.app}.
 */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.chipwatch");
    private static final List<String> SERVICES = List.of("ingest", "enrich", "alerts", "web");

    @Test
    void servicesShouldNotDependOnEachOtherOrOnTheApp() {
        for (String service : SERVICES) {
            List<String> forbidden = new java.util.ArrayList<>();
            for (String other : SERVICES) {
                if (!other.equals(service)) {
                    forbidden.add("io.chipwatch." + other + "..");
                }
            }
            forbidden.add("io.chipwatch.app..");
            forbidden.add("io.chipwatch.broker..");
            ArchRule rule = noClasses().that().resideInAPackage("io.chipwatch." + service + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                    .because("services depend only on io.chipwatch.model; wire services together in io.chipwatch.app "
                            + "and put shared types in io.chipwatch.model");
            rule.check(CLASSES);
        }
    }

    @Test
    void modelShouldDependOnNothingOfOurs() {
        noClasses().that().resideInAPackage("io.chipwatch.model..")
                .should().dependOnClassesThat().resideInAnyPackage("io.chipwatch.ingest..", "io.chipwatch.enrich..",
                        "io.chipwatch.alerts..", "io.chipwatch.web..", "io.chipwatch.app..", "io.chipwatch.broker..")
                .because("model is the innermost layer: records, serdes and topic names only")
                .check(CLASSES);
    }

    @Test
    void brokerShouldDependOnlyOnModel() {
        noClasses().that().resideInAPackage("io.chipwatch.broker..")
                .should().dependOnClassesThat().resideInAnyPackage("io.chipwatch.ingest..", "io.chipwatch.enrich..",
                        "io.chipwatch.alerts..", "io.chipwatch.web..", "io.chipwatch.app..")
                .because("the embedded broker is infrastructure the app and tests use")
                .check(CLASSES);
    }
}
