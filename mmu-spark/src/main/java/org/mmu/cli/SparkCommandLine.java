package org.mmu.cli;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.mmu.core.Messages;
import org.mmu.core.MmuException;
import org.mmu.matching.CrossMatch;

/**
 * The {@code mmu} command's parsing and error handling, opened to {@code mmu-spark}: the same
 * flags (the crossmatch flags of {@link MatchArgs}), the same messages and exit statuses
 * (0 ok, 1 failed, 2 usage). This class lives in {@code org.mmu.cli} (a package split across
 * the two jars, fine on the class path) so that mmu-examples needs no change and no Spark.
 */
public final class SparkCommandLine {
    /** Flags both Spark commands add: where Spark runs. */
    public static final String MASTER = "master";
    public static final String MATCH_USAGE = MatchArgs.USAGE;

    private final Args args;

    private SparkCommandLine(Args args) {
        this.args = args;
    }

    /** Parses a command's arguments: the crossmatch flags plus {@code --master}, {@code extraValued} and {@code booleans}. */
    public static SparkCommandLine parse(String command, List<String> argv, Set<String> extraValued, Set<String> booleans) {
        Set<String> valued = new HashSet<>(MatchArgs.VALUED);
        valued.addAll(extraValued);
        valued.add(MASTER);
        return new SparkCommandLine(new Args(command, argv, valued, booleans));
    }

    public List<String> positionals(int min, int max, String... names) {
        return args.positionalsBetween(min, max, names);
    }

    public String required(String name) {
        return args.required(name);
    }

    public String get(String name, String fallback) {
        return args.get(name, fallback);
    }

    public boolean has(String name) {
        return args.has(name);
    }

    public boolean flag(String name) {
        return args.flag(name);
    }

    /** The crossmatch the flags describe, over surveys labelled as {@code mmu} labels them (from dataset names). */
    public CrossMatch crossMatch(String command, List<String> datasetNames) {
        return MatchArgs.spec(args, command, MatchArgs.labels(datasetNames));
    }

    /** A usage error: exit status 2, printed as {@code TOOL COMMAND: error: MESSAGE} and {@code see 'TOOL COMMAND --help'}. */
    public static RuntimeException usageError(String command, String message) {
        return new UsageException(command, message);
    }

    /** A command's body. */
    @FunctionalInterface
    public interface Body {
        int run() throws Exception;
    }

    /**
     * Runs a command as {@code mmu} does: usage errors print {@code TOOL COMMAND: error: MESSAGE}
     * and one line {@code see 'TOOL COMMAND --help'} (status 2),
     * SDK errors print {@code <tool> COMMAND: error: MESSAGE} (status 1, stack with MMU_DEBUG).
     */
    public static int run(String tool, String command, PrintStream err, Body body) {
        try {
            return body.run();
        } catch (UsageException e) {
            err.println(tool + " " + e.command() + ": error: " + Messages.clean(e.getMessage()));
            err.println("see '" + tool + " " + e.command() + " --help'");
            return 2;
        } catch (MmuException e) {
            err.println(tool + " " + command + ": error: " + e.getMessage());
            if (System.getenv("MMU_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return 1;
        } catch (Exception e) {
            MmuException cause = causeOf(e);
            err.println(tool + " " + command + ": error: " + (cause != null ? cause.getMessage() : e.toString()));
            if (System.getenv("MMU_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    /** Spark wraps a task's exception in its own: the SDK's message is what the user needs. */
    private static MmuException causeOf(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof MmuException m) {
                return m;
            }
        }
        return null;
    }
}
