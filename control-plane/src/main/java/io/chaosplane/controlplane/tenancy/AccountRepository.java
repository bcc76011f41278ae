package io.chaosplane.controlplane.tenancy;

import org.springframework.data.jpa.repository.JpaRepository;

interface AccountRepository extends JpaRepository<Account, String> {}
