package io.chaosplane.controlplane;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import jakarta.persistence.Entity;
import org.springframework.data.repository.Repository;
import org.springframework.web.bind.annotation.RestController;

/** The feature packages' boundaries, checked: no cycles, and what a feature keeps to itself stays private. */
@AnalyzeClasses(packages = "io.chaosplane.controlplane", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule featuresDoNotDependOnEachOtherInCycles =
            slices().matching("io.chaosplane.controlplane.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule entitiesStayInsideTheirFeature =
            classes().that().areAnnotatedWith(Entity.class).should().notBePublic();

    @ArchTest
    static final ArchRule repositoriesStayInsideTheirFeature =
            classes().that().areAssignableTo(Repository.class).should().notBePublic();

    @ArchTest
    static final ArchRule controllersAreReachedOverHttpOnly =
            classes().that().areAnnotatedWith(RestController.class).should().notBePublic();
}
