package io.chaosplane.controlplane.experiment;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface ExperimentRepository extends JpaRepository<Experiment, UUID> {

    Optional<Experiment> findByAccountIdAndOrganizationAndProjectAndNamespaceAndName(
            String accountId, String organization, String project, String namespace, String name);

    boolean existsByAccountIdAndOrganizationAndProjectAndNamespaceAndName(
            String accountId, String organization, String project, String namespace, String name);

    Page<Experiment> findByAccountIdAndOrganizationAndProject(
            String accountId, String organization, String project, Pageable pageable);

    Page<Experiment> findByAccountIdAndOrganizationAndProjectAndNamespace(
            String accountId, String organization, String project, String namespace, Pageable pageable);
}
