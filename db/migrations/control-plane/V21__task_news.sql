-- A waiting task poll sleeps until a wake-up (an in-replica signal, or a NOTIFY from another replica) and, in case a
-- wake-up was lost, looks once every few seconds whether a claim would hand its agent anything. That look is one
-- statement outside any transaction (a transaction would first cost a statement to name its tenant), so it goes
-- through this narrow function, which takes the authenticated agent's account explicitly.
CREATE FUNCTION task_news(p_account_id text, p_infrastructure_id uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT EXISTS (SELECT 1 FROM task_queue
                    WHERE account_id = p_account_id AND infrastructure_id = p_infrastructure_id
                      AND (state = 'queued' OR state = 'leased' AND abort_requested))
$$;
REVOKE ALL ON FUNCTION task_news(text, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION task_news(text, uuid) TO ${app_role};
