# Sourced, not run: how ./orch and bench/*/run.sh start an exported jar (run/target/allinone.jar,
# run/target/worker.jar), so that every start runs the same JVM settings and keeps its scratch files
# inside its data directory.
#
#   orch_java_args allinone|worker DATA_DIR   sets the array ORCH_JAVA_ARGS: the JVM options of
#                                             run/<role>.jvm.options (or of the file
#                                             $ORCH_JVM_OPTIONS_FILE instead; /dev/null: JVM defaults),
#                                             the data directory's scratch places, then
#                                             $ORCH_JAVA_OPTS (last: the JVM takes the last value of
#                                             an option, so these override)
#   orch_scratch_clean DATA_DIR               removes what a process left in DATA_DIR/tmp and
#                                             DATA_DIR/framework; only while no process runs from it
#
# Scratch files of a process, all under its data directory:
#   tmp/        java.io.tmpdir: the launcher's resource*.jar (Felix and the bnd launcher, extracted
#               from the jar), FileInstall's fileinstall-*, anything else that insists on temp files
#   framework/  the OSGi framework storage (launch.storage.dir): a copy of every bundle. The bnd
#               launcher empties it at each start (launch.keep=false), so a start always runs the
#               jar's bundles, never a bundle left there by an earlier ./orch upgrade.
#   logs/       heap dump (java_pid<pid>.hprof) on OutOfMemoryError, hs_err_pid<pid>.log on a crash
# A process that stops normally deletes its tmp/ files itself; one killed with SIGKILL (or ended by
# -XX:+ExitOnOutOfMemoryError) cannot, which is why ./orch cleans both directories before a start
# and after the process ended.

ORCH_RUN_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# orch_jvm_options FILE — the options of a Java argument file, one a line, without comments.
orch_jvm_options() {
  sed -e 's/#.*//' "$1" | tr -s ' \t' '\n\n' | sed '/^$/d'
}

orch_java_args() {
  local role=$1 data_dir=$2 option extra=() file="${ORCH_JVM_OPTIONS_FILE:-$ORCH_RUN_DIR/$1.jvm.options}"
  [ -r "$file" ] || { echo "run/java.sh: cannot read the JVM options file $file" >&2; return 1; }
  read -r -a extra <<<"${ORCH_JAVA_OPTS:-}"
  ORCH_JAVA_ARGS=()
  while IFS= read -r option; do
    # Only one garbage collector may be selected: one chosen in ORCH_JAVA_OPTS replaces ours.
    case "$option" in
      -XX:+Use*GC) case " ${extra[*]:-} " in *" -XX:+Use"*"GC "*) continue ;; esac ;;
    esac
    ORCH_JAVA_ARGS+=("$option")
  done < <(orch_jvm_options "$file")
  # On one or two cores the JVM gives the common ForkJoinPool a parallelism of 1, and CompletableFuture then starts a
  # thread for every async step; the JDK's HttpClient completes every sendAsync that way, so the in-process clients
  # started ~200 threads a second under load (BENCHMARKS.md "Scheduler"). Two is what three cores get by default.
  # JarLaunch (the end-to-end tests) does the same.
  [ "$(nproc)" -gt 2 ] || ORCH_JAVA_ARGS+=("-Djava.util.concurrent.ForkJoinPool.common.parallelism=2")
  # The JIT compiler's threads get the CPU first: on two cores the JVM runs one C2 thread, which got a twentieth of the
  # machine beside the busy request, watch and store threads, so a started server ran interpreted and C1 code for
  # minutes and spent 6 ms of CPU per pod where compiled code spends 2 (BENCHMARKS.md "Scheduler", "the JIT's
  # threads"). Four compiler threads, and (raising a thread's priority needs root) a nice of -10 for them. The worker
  # keeps its one C1 thread (run/worker.jvm.options).
  if [ "$role" = allinone ]; then
    [ "$(nproc)" -gt 2 ] || ORCH_JAVA_ARGS+=("-XX:CICompilerCount=4")
    [ "$(id -u)" -ne 0 ] || ORCH_JAVA_ARGS+=("-XX:ThreadPriorityPolicy=1" "-XX:CompilerThreadPriority=-10")
  fi
  mkdir -p "$data_dir/tmp" "$data_dir/logs"
  ORCH_JAVA_ARGS+=("-Djava.io.tmpdir=$data_dir/tmp" "-Dlaunch.storage.dir=$data_dir/framework"
    "-XX:HeapDumpPath=$data_dir/logs" "-XX:ErrorFile=$data_dir/logs/hs_err_pid%p.log")
  ORCH_JAVA_ARGS+=(${extra[@]+"${extra[@]}"})
}

orch_scratch_clean() {
  rm -rf "$1/tmp" "$1/framework"
}
