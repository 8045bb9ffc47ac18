package io.kvaudit;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Keeps the pipeline's layering: rules, detectors, reports and the gate judge the collected model only; they never
 * reach a source (live Azure or snapshot) or the Azure SDK. The model depends on nothing of kvaudit's.
 */
class ArchitectureTest {

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.kvaudit");

    @Test
    void judgingStagesDoNotDependOnSourcesOrTheAzureSdk() {
        noClasses().that().resideInAnyPackage("io.kvaudit.rules..", "io.kvaudit.activity..", "io.kvaudit.report..",
                        "io.kvaudit.gate..", "io.kvaudit.waiver..")
                .should().dependOnClassesThat().resideInAnyPackage("io.kvaudit.source..", "io.kvaudit.collect..", "com.azure..")
                .check(CLASSES);
    }

    @Test
    void onlyTheLiveSourceUsesTheAzureSdk() {
        noClasses().that().resideOutsideOfPackage("io.kvaudit.source.azure..")
                .should().dependOnClassesThat().resideInAnyPackage("com.azure..")
                .check(CLASSES);
    }

    /** The non-negotiable: kvaudit lists properties and never calls an operation that returns a secret's value. */
    @Test
    void noCodeCallsAnOperationThatReturnsASecretValue() {
        noClasses().should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "an operation that returns a secret value (getSecret*, listPropertiesOfSecretVersions aside)",
                        call -> {
                            String owner = call.getTarget().getOwner().getName();
                            String name = call.getTarget().getName();
                            return (owner.startsWith("com.azure.security.keyvault.secrets.") && name.startsWith("getSecret"))
                                    || (owner.startsWith("com.azure.security.keyvault.certificates.")
                                    && (name.startsWith("downloadCertificate") || name.equals("getCertificate")
                                    || name.equals("getCertificateVersion")))
                                    || (owner.startsWith("com.azure.security.keyvault.keys.") && name.startsWith("getKey")
                                    && !name.startsWith("getKeyRotationPolicy"));
                        }))
                .check(CLASSES);
    }

    @Test
    void theDomainModelDependsOnNoOtherStage() {
        noClasses().that().resideInAPackage("io.kvaudit.model..")
                .should().dependOnClassesThat().resideInAnyPackage("io.kvaudit.source..", "io.kvaudit.rules..",
                        "io.kvaudit.report..", "io.kvaudit.store..", "io.kvaudit.job..", "io.kvaudit.cli..", "com.azure..")
                .check(CLASSES);
    }
}
