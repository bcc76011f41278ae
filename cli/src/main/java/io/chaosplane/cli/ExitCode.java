package io.chaosplane.cli;

/** chaosctl's exit codes, as the README documents them: a pipeline reads its verdict from them. */
public final class ExitCode {

    /** The run passed (every fault passed, the score is at least --min-score), or the command did what it was asked. */
    public static final int PASSED = 0;

    /** The run failed: a fault failed or could not run, or the score is below --min-score. */
    public static final int FAILED = 1;

    /** Wrong usage, or input the server (or chaosctl) refused: a bad manifest, an unknown experiment. */
    public static final int USAGE = 2;

    /** --timeout passed before the run ended; the run was aborted unless --keep-running. */
    public static final int TIMED_OUT = 3;

    /** The run was stopped by someone else: aborted, refused by a policy. */
    public static final int STOPPED = 4;

    /** The server could not be reached, failed, or refused the API key. */
    public static final int UNREACHABLE = 5;

    private ExitCode() {}
}
