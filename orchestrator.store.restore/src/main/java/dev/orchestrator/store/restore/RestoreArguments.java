package dev.orchestrator.store.restore;

import java.util.Optional;

/** The command line of {@link RestoreTool}, checked before anything is read. */
record RestoreArguments(String command, String file, Optional<String> dataDir, Optional<String> etcdEndpoints,
                        boolean force) {

    static final String USAGE = "usage: verify FILE | restore FILE (--data-dir DIR | --etcd-endpoints URL,...) [--force]";

    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static RestoreArguments parse(String[] args) {
        if (args.length < 2 || !(args[0].equals("verify") || args[0].equals("restore"))) {
            throw new UsageException("expected a command (verify or restore) and a file");
        }
        String dataDir = null;
        String endpoints = null;
        boolean force = false;
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--data-dir" -> dataDir = value(args, ++i, "--data-dir");
                case "--etcd-endpoints" -> endpoints = value(args, ++i, "--etcd-endpoints");
                case "--force" -> force = true;
                default -> throw new UsageException("unknown argument: " + args[i]);
            }
        }
        if (args[0].equals("restore") && (dataDir == null) == (endpoints == null)) {
            throw new UsageException("restore needs exactly one of --data-dir DIR and --etcd-endpoints URL");
        }
        return new RestoreArguments(args[0], args[1], Optional.ofNullable(dataDir), Optional.ofNullable(endpoints),
                force);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].isBlank()) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }
}
