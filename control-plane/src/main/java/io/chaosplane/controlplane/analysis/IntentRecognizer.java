package io.chaosplane.controlplane.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rules and synonyms: a question's words against each intent's phrases and against the project's own names, with
 * typo tolerance (Levenshtein distance 1 for words of 4 or 5 letters, 2 for longer ones, exact below). The intent
 * whose matched phrases cover most words wins; ties go to the intent listed first.
 */
final class IntentRecognizer {

    enum Intent {
        SINGLE_POINTS_OF_FAILURE("what are the single points of failure?"),
        FAILURE_COST("what does a failure of %s cost?"),
        FAILURE_IMPACT("what breaks if %s fails?"),
        SCORE_TREND("what is our resilience score and its trend?"),
        FAILED_RUNS("why did the last runs fail?"),
        NEXT_RUNS("what runs next?"),
        DISCONNECTED_INFRASTRUCTURES("which infrastructures are disconnected?"),
        COMPLIANCE("what is our compliance status?"),
        RISKIEST_COMPONENTS("which components are the riskiest?"),
        UNKNOWN("");

        private final String example;

        Intent(String example) {
            this.example = example;
        }

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** An example question, with a component of the project where it takes one. */
        String example(String component) {
            return example.formatted(component);
        }
    }

    private static final Map<Intent, List<String>> PHRASES = Map.of(
            Intent.SINGLE_POINTS_OF_FAILURE,
            List.of(
                    "single point of failure",
                    "single points of failure",
                    "spof",
                    "spofs",
                    "weak point",
                    "weak points",
                    "weakest link"),
            Intent.FAILURE_COST,
            List.of("cost", "costs", "how much", "money", "revenue", "expensive", "price", "dollars", "euros"),
            Intent.FAILURE_IMPACT,
            List.of(
                    "what breaks",
                    "breaks",
                    "break",
                    "blast radius",
                    "what happens if",
                    "fails",
                    "goes down",
                    "went down",
                    "impact",
                    "affected",
                    "outage",
                    "lose",
                    "loses",
                    "crash",
                    "crashes",
                    "dies"),
            Intent.SCORE_TREND,
            List.of("score", "resilience score", "trend", "how resilient", "getting better", "improving", "progress"),
            Intent.FAILED_RUNS,
            List.of(
                    "failed runs",
                    "failed run",
                    "runs fail",
                    "run fail",
                    "runs failed",
                    "last failures",
                    "why did",
                    "failed experiments",
                    "failing",
                    "what failed"),
            Intent.NEXT_RUNS,
            List.of(
                    "runs next",
                    "what runs next",
                    "next run",
                    "next runs",
                    "schedule",
                    "schedules",
                    "scheduled",
                    "upcoming",
                    "next test",
                    "when does"),
            Intent.DISCONNECTED_INFRASTRUCTURES,
            List.of(
                    "disconnected",
                    "offline",
                    "agents",
                    "agent",
                    "infrastructures",
                    "infrastructure",
                    "not connected",
                    "heartbeat",
                    "unreachable"),
            Intent.COMPLIANCE,
            List.of(
                    "compliance",
                    "compliant",
                    "audit",
                    "audits",
                    "policies",
                    "policy",
                    "approvals",
                    "approval",
                    "governance",
                    "soc",
                    "iso",
                    "regulation"),
            Intent.RISKIEST_COMPONENTS,
            List.of(
                    "riskiest",
                    "risky",
                    "most risk",
                    "highest risk",
                    "dangerous",
                    "most critical",
                    "risk",
                    "fragile",
                    "worst"));

    /** Words too common to name a component by themselves. */
    private static final Set<String> STOP = Set.of(
            "a", "an", "the", "is", "it", "if", "of", "to", "in", "on", "at", "be", "do", "does", "what", "which",
            "who", "how", "why", "are", "we", "our", "my", "me", "i", "and", "or", "us", "so", "up", "down", "all");

    /** A name of the project: a component, an experiment or an infrastructure, and how it is spelt. */
    record Name(String kind, String id, String spelling) {}

    record Match(Intent intent, Optional<Name> entity) {}

    private IntentRecognizer() {}

    static Match recognize(String question, List<Name> names) {
        List<String> words = words(question);
        Optional<Name> entity = entity(words, names);
        Intent best = Intent.UNKNOWN;
        int bestScore = 0;
        for (Intent intent : Intent.values()) {
            int score = 0;
            for (String phrase : PHRASES.getOrDefault(intent, List.of())) {
                List<String> tokens = words(phrase);
                if (find(words, tokens) >= 0) {
                    score = Math.max(score, tokens.size());
                }
            }
            if (score > bestScore) {
                best = intent;
                bestScore = score;
            }
        }
        return new Match(best, entity);
    }

    /** The longest of the project's names the question holds, exact spellings before near ones, then by id. */
    static Optional<Name> entity(List<String> words, List<Name> names) {
        record Found(Name name, int length, int distance) {}
        List<Found> found = new ArrayList<>();
        for (Name name : names) {
            List<String> tokens = words(name.spelling());
            if (tokens.isEmpty() || (tokens.size() == 1 && STOP.contains(tokens.getFirst()))) {
                continue;
            }
            int at = find(words, tokens);
            if (at >= 0) {
                int distance = 0;
                for (int i = 0; i < tokens.size(); i++) {
                    distance += levenshtein(words.get(at + i), tokens.get(i));
                }
                found.add(new Found(name, tokens.size(), distance));
            }
        }
        return found.stream()
                .min(Comparator.comparingInt((Found f) -> -f.length())
                        .thenComparingInt(Found::distance)
                        .thenComparing(f -> f.name().kind())
                        .thenComparing(f -> f.name().id()))
                .map(Found::name);
    }

    static List<String> words(String text) {
        return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
                .filter(word -> !word.isEmpty())
                .toList();
    }

    /** Where the tokens occur in a row among the words, each within its tolerance; -1 if nowhere. */
    private static int find(List<String> words, List<String> tokens) {
        for (int start = 0; start + tokens.size() <= words.size(); start++) {
            boolean all = true;
            for (int i = 0; i < tokens.size() && all; i++) {
                all = close(words.get(start + i), tokens.get(i));
            }
            if (all) {
                return start;
            }
        }
        return -1;
    }

    static boolean close(String word, String token) {
        int tolerance = token.length() <= 3 ? 0 : token.length() <= 5 ? 1 : 2;
        return Math.abs(word.length() - token.length()) <= tolerance && levenshtein(word, token) <= tolerance;
    }

    static int levenshtein(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
