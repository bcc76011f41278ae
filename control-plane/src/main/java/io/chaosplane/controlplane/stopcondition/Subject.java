package io.chaosplane.controlplane.stopcondition;

/**
 * What a stop condition guards: one run (an experiment's conditions) or a whole workflow (its own conditions, checked
 * while any of its runs is running). Both keep their conditions in a table of the same shape, claimed by a function of
 * the same signature, so that one evaluator leases and checks them all.
 */
enum Subject {
    RUN("run_stop_conditions", "run_id", "claim_stop_conditions"),
    WORKFLOW("workflow_stop_conditions", "workflow_id", "claim_workflow_stop_conditions");

    final String table;
    final String key;
    final String claim;

    Subject(String table, String key, String claim) {
        this.table = table;
        this.key = key;
        this.claim = claim;
    }
}
