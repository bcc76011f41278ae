package io.chaosplane.controlplane;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.Slice;
import jakarta.persistence.Entity;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.data.repository.Repository;
import org.springframework.web.bind.annotation.RestController;

/**
 * The feature packages' boundaries, checked: no cycles, what a feature keeps to itself stays private, and each
 * feature talks to the database one way. (Which feature may use which: {@link ModulesTest}.)
 */
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

    /**
     * JPA or Spring JDBC ({@code JdbcClient}), not both in one feature. {@code access} (the transaction manager
     * that tells PostgreSQL the tenant) and {@code common} serve every feature, whichever way it goes.
     */
    @ArchTest
    static final ArchRule eachFeatureUsesOnePersistenceStyle = slices().matching("io.chaosplane.controlplane.(*)..")
            .should(new ArchCondition<Slice>("use JPA or Spring JDBC, not both") {
                @Override
                public void check(Slice feature, ConditionEvents events) {
                    String name = feature.getNamePart(1);
                    if (name.equals("access") || name.equals("common")) {
                        return;
                    }
                    Set<String> jpa = usersOf(feature, "jakarta.persistence", "org.springframework.data.jpa");
                    Set<String> jdbc = usersOf(feature, "org.springframework.jdbc.core");
                    if (!jpa.isEmpty() && !jdbc.isEmpty()) {
                        events.add(SimpleConditionEvent.violated(
                                feature, name + " uses JPA in " + jpa + " and Spring JDBC in " + jdbc));
                    }
                }
            });

    private static Set<String> usersOf(Slice feature, String... packages) {
        Set<String> users = new TreeSet<>();
        for (JavaClass javaClass : feature) {
            for (Dependency dependency : javaClass.getDirectDependenciesFromSelf()) {
                for (String prefix : packages) {
                    if (dependency.getTargetClass().getPackageName().startsWith(prefix)) {
                        users.add(javaClass.getSimpleName());
                    }
                }
            }
        }
        return users;
    }
}
