package org.mmu.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mmu.core.Messages;
import org.mmu.core.MmuException;

/**
 * The {@code mmu} command-line tool: build index-first datasets, crossmatch them, and load only
 * the matched objects. Commands, flags and output formats are a versioned contract
 * (see docs/cli.md). Exit status: 0 success, 1 failure (bad data, unreadable files), 2 usage error.
 */
public final class Mmu {
    static final String VERSION = org.mmu.internal.build.Version.get();

    interface Command {
        String summary();

        String usage();

        int run(List<String> argv, PrintStream out, PrintStream err);
    }

    static Map<String, Command> commands() {
        Map<String, Command> m = new LinkedHashMap<>();
        m.put("index", new IndexCommand());
        m.put("append", new AppendCommand());
        m.put("add-columns", new AddColumnsCommand());
        m.put("compact", new CompactCommand());
        m.put("vacuum", new VacuumCommand());
        m.put("export", new ExportCommand());
        m.put("xmatch", new XmatchCommand());
        m.put("load", new LoadCommand());
        m.put("epoch", new EpochCommand());
        m.put("inspect", new InspectCommand());
        m.put("validate", new ValidateCommand());
        m.put("fingerprint", new FingerprintCommand());
        m.put("estimate-memory", new EstimateMemoryCommand());
        m.put("demo", new DemoCommand());
        return m;
    }

    private Mmu() {
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        System.out.flush();
        System.exit(status);
    }

    /** Runs one command line; returns the exit status (never calls System.exit). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, Command> commands = commands();
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            if (args.length >= 2 && commands.containsKey(args[1])) {
                out.println(commands.get(args[1]).usage());
                return 0;
            }
            printHelp(out, commands);
            return args.length == 0 ? 2 : 0;
        }
        if (args[0].equals("--version")) {
            out.println("mmu " + VERSION);
            return 0;
        }
        Command c = commands.get(args[0]);
        if (c == null) {
            err.println("mmu: error: unknown command " + Args.quote(args[0]) + "; commands are " + String.join(", ", commands.keySet()));
            err.println("see 'mmu --help'");
            return 2;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (rest.contains("--help") || rest.contains("-h")) {
            out.println(c.usage());
            return 0;
        }
        try {
            return c.run(rest, out, err);
        } catch (UsageException e) {
            err.println("mmu " + e.command() + ": error: " + Messages.clean(e.getMessage()));
            err.println("see 'mmu " + e.command() + " --help'");
            return 2;
        } catch (MmuException e) {
            err.println("mmu " + args[0] + ": error: " + e.getMessage());
            if (System.getenv("MMU_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return 1;
        } catch (OutOfMemoryError e) {
            err.println("mmu " + args[0] + ": out of memory; give the JVM more heap (java -Xmx..g -jar mmu.jar) "
                    + "or see 'mmu estimate-memory'");
            return 1;
        } catch (RuntimeException e) {
            // a bug, not the user's fault: say so in one line (the trace only with MMU_DEBUG)
            err.println("mmu " + args[0] + ": internal error: " + e.getClass().getSimpleName() + ": "
                    + Messages.clean(String.valueOf(e.getMessage())) + " (please report; MMU_DEBUG=1 shows the trace)");
            if (System.getenv("MMU_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    static void printHelp(PrintStream out, Map<String, Command> commands) {
        out.println("mmu " + VERSION + " - crossmatch HEALPix-partitioned sky surveys and load only the matched objects");
        out.println();
        out.println("Usage: java -jar mmu.jar COMMAND [ARGS] [OPTIONS]");
        out.println();
        out.println("Commands:");
        for (Map.Entry<String, Command> e : commands.entrySet()) {
            out.printf("  %-16s %s%n", e.getKey(), e.getValue().summary());
        }
        out.println();
        for (Command c : commands.values()) {
            out.println(c.usage().lines().findFirst().orElse(""));
        }
        out.println();
        out.println("'mmu COMMAND --help' describes a command. Set MMU_DEBUG=1 for stack traces.");
    }

    /**
     * Whether progress may redraw its line with a carriage return: what the launcher found with
     * {@code [[ -t 2 ]]} ({@code -Dmmu.stderr.terminal}), else a console that is a terminal
     * (JDK 22+ has a console even when the output is redirected: ask it), and not TERM=dumb.
     */
    static boolean stderrIsTerminal() {
        String known = System.getProperty("mmu.stderr.terminal"); // scripts/mmu asks the shell: [[ -t 2 ]]
        if (known != null) {
            return Boolean.parseBoolean(known) && !"dumb".equals(System.getenv("TERM"));
        }
        java.io.Console c = System.console();
        if (c == null || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (NoSuchMethodException e) {
            return true; // before JDK 22 a console exists only on a terminal
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
