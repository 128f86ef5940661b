package dev.orchestrator.proxy.iptables.internal;

import dev.orchestrator.support.command.CommandRunner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The iptables tools as this proxy runs them: behind the configured command prefix, with a timeout. */
final class IptablesCommands {

    private static final Pattern ERROR_LINE = Pattern.compile("line:?\\s*(\\d+)");

    private final IptablesSettings settings;
    private final CommandRunner runner;

    IptablesCommands(IptablesSettings settings, CommandRunner runner) {
        this.settings = settings;
        this.runner = runner;
    }

    /** Applies a restore script in one run, leaving every chain it does not name as it is. */
    void restore(RestoreScript script) throws RestoreFailure, IOException {
        String text = script.text();
        CommandRunner.Result result = runner.run(command("iptables-restore", "--noflush", "-w"), text,
                settings.commandTimeout());
        if (!result.ok()) {
            throw RestoreFailure.of(result, text, script.commitLines());
        }
    }

    /** The rules of one table as iptables-save prints them. */
    String save(Table table) throws IOException {
        CommandRunner.Result result = runner.run(command("iptables-save", "-t", table.keyword()), "",
                settings.commandTimeout());
        if (!result.ok()) {
            throw new IOException("iptables-save -t " + table.keyword() + " failed exit=" + result.exitCode()
                    + ": " + result.stderr().trim());
        }
        return result.stdout();
    }

    /** Runs conntrack with these arguments. */
    CommandRunner.Result conntrack(String... args) throws IOException {
        return runner.run(command("conntrack", args), "", settings.commandTimeout());
    }

    private List<String> command(String tool, String... args) {
        List<String> command = new ArrayList<>(settings.commandPrefix());
        command.add(tool);
        command.addAll(List.of(args));
        return command;
    }

    /**
     * iptables-restore refused its input.
     *
     * @param line the 1-based input line it named, if it named one
     * @param rejected the text of that line
     * @param committed tables committed before the refused line (iptables-restore commits table by table)
     */
    static final class RestoreFailure extends Exception {

        private static final long serialVersionUID = 1L;

        private final transient Optional<Integer> line;
        private final String rejected;
        private final transient List<Table> committed;

        private RestoreFailure(String message, Optional<Integer> line, String rejected, List<Table> committed) {
            super(message);
            this.line = line;
            this.rejected = rejected;
            this.committed = List.copyOf(committed);
        }

        static RestoreFailure of(CommandRunner.Result result, String input, Map<Table, Integer> commitLines) {
            String stderr = result.stderr().trim();
            Matcher m = ERROR_LINE.matcher(stderr);
            Optional<Integer> line = m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
            String[] lines = input.split("\n", -1);
            String rejected = line.filter(n -> n >= 1 && n <= lines.length).map(n -> lines[n - 1]).orElse("");
            List<Table> committed = new ArrayList<>();
            line.ifPresent(n -> commitLines.forEach((table, commit) -> {
                if (commit < n) {
                    committed.add(table);
                }
            }));
            String firstLine = stderr.isEmpty() ? "" : stderr.lines().findFirst().orElse("");
            return new RestoreFailure("iptables-restore failed exit=" + result.exitCode() + ": " + firstLine
                    + line.map(n -> " at line " + n + ": " + rejected).orElse(""), line, rejected, committed);
        }

        Optional<Integer> line() {
            return line;
        }

        String rejected() {
            return rejected;
        }

        List<Table> committed() {
            return committed;
        }
    }
}
