package dev.runnerops.orchestrator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The package rules of the core, checked on its compiled classes. */
@AnalyzeClasses(packages = "dev.runnerops.orchestrator", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String ROOT = "dev.runnerops.orchestrator.";

    @ArchTest
    static final ArchRule packagesHaveNoCycles = slices().matching("dev.runnerops.orchestrator.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule dockerJavaOnlyInEngine = noClasses().that().resideOutsideOfPackage(ROOT + "engine..")
            .should().dependOnClassesThat().resideInAPackage("com.github.dockerjava..")
            .because("the engine package is the one adapter over docker-java");

    @ArchTest
    static final ArchRule layersOnlyLookDown = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Api").definedBy(ROOT + "api..")
            .layer("Operations").definedBy(ROOT + "operation..")
            .layer("Services").definedBy(ROOT + "runner..", ROOT + "gitlab..", ROOT + "doctor..")
            .layer("Steps").definedBy(ROOT + "steps..")
            .layer("Wait").definedBy(ROOT + "wait..")
            .layer("Engine").definedBy(ROOT + "engine..")
            .layer("Plan").definedBy(ROOT + "plan..")
            .layer("Values").definedBy(ROOT + "config..", ROOT + "state..", ROOT + "model..")
            .layer("Basics").definedBy(ROOT + "errors..", ROOT + "event..")
            .whereLayer("Api").mayNotBeAccessedByAnyLayer()
            .whereLayer("Operations").mayOnlyBeAccessedByLayers("Api")
            .whereLayer("Services").mayOnlyBeAccessedByLayers("Operations", "Api")
            .whereLayer("Steps").mayOnlyBeAccessedByLayers("Services", "Operations", "Api")
            .whereLayer("Wait").mayOnlyBeAccessedByLayers("Steps", "Services", "Operations", "Api")
            .whereLayer("Engine").mayOnlyBeAccessedByLayers("Wait", "Steps", "Services", "Operations", "Api")
            .whereLayer("Plan").mayOnlyBeAccessedByLayers("Engine", "Wait", "Steps", "Services", "Operations", "Api")
            .whereLayer("Values").mayOnlyBeAccessedByLayers("Plan", "Engine", "Wait", "Steps", "Services",
                    "Operations", "Api");

    @ArchTest
    static final ArchRule basicsDependOnNothingOfOurs = noClasses()
            .that().resideInAnyPackage(ROOT + "errors..", ROOT + "event..")
            .should().dependOnClassesThat().resideInAnyPackage(ROOT + "api..", ROOT + "operation..", ROOT + "runner..",
                    ROOT + "gitlab..", ROOT + "doctor..", ROOT + "steps..", ROOT + "wait..", ROOT + "engine..", ROOT + "plan..",
                    ROOT + "config..", ROOT + "state..", ROOT + "model..");

    /** The packages an embedding tool may see: the api's signatures use nothing else of ours. */
    private static final Set<String> PUBLIC = Set.of(ROOT + "api", ROOT + "config", ROOT + "model", ROOT + "event",
            ROOT + "errors");

    @ArchTest
    static final ArchRule apiSignaturesUseOnlyPublicPackages = methods().that().arePublic()
            .and().areDeclaredInClassesThat().resideInAPackage(ROOT + "api")
            .should(new ArchCondition<>("use only public packages of the library in their signature") {
                @Override
                public void check(JavaMethod method, ConditionEvents events) {
                    List<JavaClass> types = new ArrayList<>(method.getRawParameterTypes());
                    types.add(method.getRawReturnType());
                    for (JavaClass type : types) {
                        JavaClass base = type.isArray() ? type.getBaseComponentType() : type;
                        if (base.getPackageName().startsWith(ROOT.substring(0, ROOT.length() - 1))
                                && !PUBLIC.contains(base.getPackageName())) {
                            events.add(SimpleConditionEvent.violated(method, method.getFullName() + " uses "
                                    + base.getName()));
                        }
                    }
                }
            });
}
