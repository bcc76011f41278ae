package io.chaosplane.controlplane.auth;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface ApiKeyRepository extends JpaRepository<ApiKey, UUID> {

    Page<ApiKey> findByAccountId(String accountId, Pageable pageable);

    Optional<ApiKey> findByAccountIdAndId(String accountId, UUID id);
}
