-- What an infrastructure's agent reported it can do when it confirmed (root, kernel modules, commands, Kubernetes
-- verbs), as the agent protocol's AgentCapabilities: the fault picker marks and run start refuses the faults it cannot
-- run. NULL: not reported (an older agent, or not confirmed yet), held against no fault.
ALTER TABLE infrastructures ADD COLUMN capabilities jsonb;
