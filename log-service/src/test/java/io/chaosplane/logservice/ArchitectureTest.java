package io.chaosplane.logservice;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.springframework.web.bind.annotation.RestController;

/** The feature packages' boundaries, checked. */
@AnalyzeClasses(packages = "io.chaosplane.logservice", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule featuresDoNotDependOnEachOtherInCycles =
            slices().matching("io.chaosplane.logservice.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule controllersAreReachedOverHttpOnly =
            classes().that().areAnnotatedWith(RestController.class).should().notBePublic();

    @ArchTest
    static final ArchRule onlyTheStreamFeatureTouchesTheWriter = classes()
            .that()
            .resideInAPackage("..line..")
            .and()
            .haveSimpleName("LineWriter")
            .should()
            .onlyHaveDependentClassesThat()
            .resideInAnyPackage("..line..", "..stream..");
}
