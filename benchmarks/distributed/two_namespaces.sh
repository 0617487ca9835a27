#!/usr/bin/env bash
# two_namespaces.sh: "two simulated machines" on one Linux box for the MPI data-parallel code of ZslAttnGan.
#
# Two network namespaces (one per "machine") joined by a veth pair, loopback-range addresses only
# (127.0.1.1/24 and 127.0.1.2/24), one MPI rank in each, Open MPI restricted to its TCP transport on that link
# (no shared memory), then the CLI's `distributed selftest | bench | step` runs over it.
#
# Usage (as root):   benchmarks/distributed/two_namespaces.sh
# Environment knobs (all optional):
#   CLI=/path/zsl-attngan.dll   the CLI to run (default: the repo's Release build, see below)
#   RUNS="selftest bench step-bird step-synthetic"   which runs, in this order
#   BENCH_ITERS=10  BIRD_STEPS=3  SYNTH_STEPS=10      iterations/steps of the runs
#   THREADS_PER_RANK=1          OMP_NUM_THREADS for each rank (both "machines" share this box's cores; empty = libtorch default)
#   LINK_RATE=1gbit             shape both veth ends with tbf (default: no limit)
#   LINK_NETEM="delay 0.5ms"    netem on both veth ends (needs the sch_netem kernel module; default: none)
#   RUN_TIMEOUT=900             seconds before a run is killed
#   YIELD_WHEN_IDLE=1|0         pass --mca mpi_yield_when_idle (default: not passed, Open MPI decides)
#   BIND_TO=none                mpirun --bind-to (none: see below why not core)
#   MPI_EXTRA="--mca ..."       more mpirun arguments (word-split), e.g. "--mca btl_base_verbose 30"
#   KEEP=1                      leave the namespaces up on exit (for poking around; rerun the script to recreate them)
#   NS_A/NS_B, VETH_A/VETH_B, IP_A/IP_B   names and addresses (keep the addresses inside 127.0.0.0/8)
#
# Idempotent: leftovers of an earlier run (same namespace names) are removed first; a trap removes everything on exit.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)

NS_A=${NS_A:-zslA}
NS_B=${NS_B:-zslB}
VETH_A=${VETH_A:-zslvA}
VETH_B=${VETH_B:-zslvB}
IP_A=${IP_A:-127.0.1.1}
IP_B=${IP_B:-127.0.1.2}
PREFIX=${PREFIX:-24}
NET_CIDR=${NET_CIDR:-127.0.1.0/24}
RUNS=${RUNS:-selftest bench step-bird step-synthetic}
BENCH_ITERS=${BENCH_ITERS:-10}
BIRD_STEPS=${BIRD_STEPS:-3}
SYNTH_STEPS=${SYNTH_STEPS:-10}
THREADS_PER_RANK=${THREADS_PER_RANK-1}
LINK_RATE=${LINK_RATE:-}
LINK_NETEM=${LINK_NETEM:-}
RUN_TIMEOUT=${RUN_TIMEOUT:-900}
YIELD_WHEN_IDLE=${YIELD_WHEN_IDLE:-}
BIND_TO=${BIND_TO:-none}
KEEP=${KEEP:-0}
DEFAULT_CLI="$REPO_ROOT/samples/ZslAttnGan.Cli/bin/Release/net10.0/zsl-attngan.dll"
CLI=${CLI:-$DEFAULT_CLI}

log() { printf '== %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------------- preconditions
[[ $EUID -eq 0 ]] || die "needs root (network namespaces, veth, sysctl); rerun with sudo"
for tool in ip mpirun dotnet perl timeout; do
    command -v "$tool" >/dev/null || die "'$tool' not found (apt-get install iproute2 openmpi-bin perl coreutils; dotnet SDK/runtime 10)"
done
[[ -f "$CLI" ]] || die "CLI not found at $CLI
  build it:  dotnet build $REPO_ROOT/samples/ZslAttnGan.Cli -c Release
  or point CLI=/path/to/zsl-attngan.dll at an existing build"
for run in $RUNS; do
    case "$run" in
        selftest | bench | step-bird | step-synthetic) ;;
        *) die "unknown run '$run' in RUNS (choose from: selftest bench step-bird step-synthetic)" ;;
    esac
done
case "$IP_A $IP_B" in
    127.*' '127.*) ;;
    *) die "IP_A/IP_B must be loopback-range (127.0.0.0/8) addresses, got $IP_A $IP_B" ;;
esac

WORK=$(mktemp -d /tmp/zsl-two-ns.XXXXXX)

# ---------------------------------------------------------------------------------------------------- teardown
kill_namespace_processes() {  # processes still running inside our namespaces (orted, ranks) after a failed/killed run
    local ns pids
    for ns in "$NS_A" "$NS_B"; do
        ip netns list | grep -qw "$ns" || continue
        pids=$(ip netns pids "$ns" 2>/dev/null || true)
        [[ -n "$pids" ]] && kill $pids 2>/dev/null || true
    done
    sleep 0.5
    for ns in "$NS_A" "$NS_B"; do
        ip netns list | grep -qw "$ns" || continue
        pids=$(ip netns pids "$ns" 2>/dev/null || true)
        [[ -n "$pids" ]] && kill -9 $pids 2>/dev/null || true
    done
}
teardown() {
    kill_namespace_processes
    # Deleting a namespace destroys the veth end inside it, and with it the peer.
    ip netns del "$NS_A" 2>/dev/null || true
    ip netns del "$NS_B" 2>/dev/null || true
    ip link del "$VETH_A" 2>/dev/null || true   # in case an earlier run died between "link add" and "set netns"
}
on_exit() {
    local rc=$?
    if [[ "$KEEP" == 1 ]]; then
        log "KEEP=1: namespaces $NS_A/$NS_B left up (rerun the script or: ip netns del $NS_A; ip netns del $NS_B)"
    else
        teardown
    fi
    rm -rf "$WORK"
    exit $rc
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "removing leftovers of earlier runs (if any)"
teardown

# ---------------------------------------------------------------------------------------------------- namespaces + veth
log "creating namespaces $NS_A ($IP_A/$PREFIX on $VETH_A) and $NS_B ($IP_B/$PREFIX on $VETH_B)"
ip netns add "$NS_A"
ip netns add "$NS_B"
ip link add "$VETH_A" type veth peer name "$VETH_B"
ip link set "$VETH_A" netns "$NS_A"
ip link set "$VETH_B" netns "$NS_B"

setup_side() {  # <namespace> <veth> <address>
    local ns=$1 dev=$2 addr=$3
    ip netns exec "$ns" ip link set lo up
    # lo keeps its 127.0.0.1/8 ("local 127.0.0.0/8 dev lo"); the veth's 127.0.1.0/24 prefix route is more specific,
    # so the peer's address goes out through the veth (check: ip netns exec <ns> ip route get <peer>).
    # 127/8 on a non-loopback interface is "martian": without route_localnet=1 a connect() to the peer fails with
    # EINVAL ("Invalid argument"). rp_filter=0 and accept_local=1 are not needed on the kernels tried, but keep the
    # reverse-path and local-source checks out of the way in case a distribution defaults them differently.
    ip netns exec "$ns" sysctl -q -w \
        net.ipv4.conf.all.route_localnet=1 "net.ipv4.conf.$dev.route_localnet=1" \
        net.ipv4.conf.all.rp_filter=0 "net.ipv4.conf.$dev.rp_filter=0" \
        net.ipv4.conf.all.accept_local=1 "net.ipv4.conf.$dev.accept_local=1"
    ip netns exec "$ns" ip addr add "$addr/$PREFIX" dev "$dev"
    ip netns exec "$ns" ip link set "$dev" up
    # Optional shaping (egress of each end, so both directions): netem first (delay/loss), tbf for the rate.
    if [[ -n "$LINK_NETEM" ]]; then
        ip netns exec "$ns" tc qdisc replace dev "$dev" root handle 1: netem $LINK_NETEM \
            || die "tc netem '$LINK_NETEM' failed (\"Specified qdisc kind is unknown\" = no sch_netem kernel module: modprobe sch_netem, or use LINK_RATE only)"
        [[ -n "$LINK_RATE" ]] && ip netns exec "$ns" tc qdisc replace dev "$dev" parent 1:1 handle 10: tbf rate "$LINK_RATE" burst 1mb latency 50ms
    elif [[ -n "$LINK_RATE" ]]; then
        ip netns exec "$ns" tc qdisc replace dev "$dev" root tbf rate "$LINK_RATE" burst 1mb latency 50ms
    fi
    return 0
}
setup_side "$NS_A" "$VETH_A" "$IP_A"
setup_side "$NS_B" "$VETH_B" "$IP_B"

log "link settings"
for side in "$NS_A $VETH_A" "$NS_B $VETH_B"; do
    set -- $side
    echo "-- $1"
    ip netns exec "$1" ip -br addr
    ip netns exec "$1" ip route show table all | grep -v -e '::' || true
    ip netns exec "$1" ip -d link show "$2" | sed -n '1,3p'
    ip netns exec "$1" ip route get "$([[ $1 == "$NS_A" ]] && echo "$IP_B" || echo "$IP_A")" | head -1
    echo "qdisc: $(ip netns exec "$1" tc qdisc show dev "$2" | tr '\n' ' ')"
    ip netns exec "$1" sysctl net.ipv4.conf.all.route_localnet "net.ipv4.conf.$2.route_localnet" \
        net.ipv4.conf.all.rp_filter "net.ipv4.conf.$2.rp_filter" net.ipv4.conf.all.accept_local | tr '\n' ' '
    echo
done
echo "shaping: rate=${LINK_RATE:-none} netem=${LINK_NETEM:-none}"

# ---------------------------------------------------------------------------------------------------- connectivity check
log "checking TCP $NS_A -> $NS_B ($IP_A -> $IP_B:47011)"
ip netns exec "$NS_B" perl -MIO::Socket::INET -e '
    my $s = IO::Socket::INET->new(LocalAddr => $ARGV[0], LocalPort => 47011, Listen => 1, ReuseAddr => 1) or die "listen: $!\n";
    alarm 10; my $c = $s->accept or die "accept: $!\n"; print $c "hello from $ARGV[0]\n"; close $c;' "$IP_B" &
listener=$!
sleep 0.5
ip netns exec "$NS_A" perl -MIO::Socket::INET -e '
    my $c = IO::Socket::INET->new(PeerAddr => $ARGV[0], PeerPort => 47011, Timeout => 5) or die "connect to $ARGV[0]: $!\n";
    my $line = <$c>; defined $line or die "no reply\n";
    printf "TCP ok: %s -> %s, got: %s", $c->sockhost, $c->peerhost, $line;' "$IP_B" \
    || { kill "$listener" 2>/dev/null || true; die "no TCP between the namespaces"; }
wait "$listener"
if command -v ping >/dev/null; then ip netns exec "$NS_A" ping -c 2 -W 2 "$IP_B" | tail -2; fi

# ---------------------------------------------------------------------------------------------------- rsh agent
# mpirun starts its remote daemon (orted) with "<agent> <host> <command...>", like ssh. Ours runs the command inside the
# namespace that owns the address. (mpirun itself runs in NS_A, where IP_A is a local address, so it starts rank 0
# itself and calls the agent for IP_B only.)
AGENT="$WORK/netns-rsh"
cat >"$AGENT" <<EOF
#!/usr/bin/env bash
# rsh agent for mpirun (generated by two_namespaces.sh): <options...> <host> <command...>
set -euo pipefail
while [[ "\${1:-}" == -* ]]; do shift; done   # ssh-style options, if mpirun passes any
host=\$1; shift
case "\$host" in
    $IP_A) ns=$NS_A ;;
    $IP_B) ns=$NS_B ;;
    *) echo "netns-rsh: unknown host \$host" >&2; exit 255 ;;
esac
echo "netns-rsh: \$host -> ip netns exec \$ns: \$*" >>"$WORK/agent.log"
exec ip netns exec "\$ns" /bin/sh -c "\$*"
EOF
chmod +x "$AGENT"

# Open MPI over the veth only: TCP + self (no vader/shared memory), ob1 (no UCX), both the MPI traffic (btl) and the
# launcher's out-of-band channel (oob) on 127.0.1.0/24. btl_tcp_if_include replaces the default if_exclude of
# 127.0.0.1/8 (the two are mutually exclusive), which would otherwise drop our loopback-range link.
MPI_ARGS=(
    --allow-run-as-root --oversubscribe -np 2 --host "$IP_A,$IP_B" --stdin none
    --mca plm_rsh_agent "$AGENT" --mca plm_rsh_no_tree_spawn 1
    --mca pml ob1 --mca btl tcp,self
    --mca btl_tcp_if_include "$NET_CIDR" --mca oob_tcp_if_include "$NET_CIDR"
    # Each "machine" sees the same 2 cores, and each mpirun/orted binds its one rank to "its" first core: both ranks
    # ended up on core 0 ([B/.] for both with --report-bindings): the bird step took 30.6 s instead of 15-17 s and a
    # 4 kB all-reduce 8 ms instead of 0.03-0.04 ms. Let the kernel place them.
    --bind-to "$BIND_TO"
)
# Optional: ranks yield the core while they wait in a collective instead of busy-polling (Open MPI's default is to
# poll unless a node is oversubscribed). With --bind-to core both ranks shared core 0 and busy-polling made a 4 kB
# all-reduce take 8 ms; with --bind-to none it makes no measurable difference (41 vs 43 us).
[[ -n "$YIELD_WHEN_IDLE" ]] && MPI_ARGS+=(--mca mpi_yield_when_idle "$YIELD_WHEN_IDLE")
# shellcheck disable=SC2206  # MPI_EXTRA is meant to be word-split
[[ -n "${MPI_EXTRA:-}" ]] && MPI_ARGS+=($MPI_EXTRA)
if [[ -n "$THREADS_PER_RANK" ]]; then
    export OMP_NUM_THREADS=$THREADS_PER_RANK
    MPI_ARGS+=(-x OMP_NUM_THREADS)
fi
export TERM=dumb   # keeps .NET's console from writing terminal escape sequences into the output

veth_bytes() {  # bytes sent + received on NS_A's veth end so far
    local tx rx
    tx=$(ip netns exec "$NS_A" cat "/sys/class/net/$VETH_A/statistics/tx_bytes")
    rx=$(ip netns exec "$NS_A" cat "/sys/class/net/$VETH_A/statistics/rx_bytes")
    echo $((tx + rx))
}

failures=0
run_mpi() {  # <label> <cli arguments...>
    local label=$1; shift
    log "$label: ip netns exec $NS_A mpirun ${MPI_ARGS[*]} dotnet $CLI $*"
    local before after start end rc=0
    before=$(veth_bytes); start=$(date +%s.%N)
    timeout --kill-after=10 "$RUN_TIMEOUT" ip netns exec "$NS_A" mpirun "${MPI_ARGS[@]}" dotnet "$CLI" "$@" || rc=$?
    end=$(date +%s.%N); after=$(veth_bytes)
    awk -v l="$label" -v rc="$rc" -v s="$start" -v e="$end" -v b="$before" -v a="$after" -v d="$VETH_A" \
        'BEGIN { printf "%s: exit code %d, wall %.1f s, %.1f MB crossed the veth (%s tx+rx)\n", l, rc, e - s, (a - b) / 1e6, d }'
    if [[ $rc -ne 0 ]]; then failures=$((failures + 1)); kill_namespace_processes; fi
    return 0
}

echo "CLI: $CLI"
echo "threads per rank: ${THREADS_PER_RANK:-libtorch default}"
for run in $RUNS; do
    case "$run" in
        selftest)       run_mpi selftest distributed selftest ;;
        bench)          run_mpi bench distributed bench -n "$BENCH_ITERS" ;;
        step-bird)      run_mpi step-bird distributed step --workload gan-b8 --steps "$BIRD_STEPS" ;;
        step-synthetic) run_mpi step-synthetic distributed step --workload synthetic-gan --steps "$SYNTH_STEPS" ;;
        *) die "unknown run '$run' (choose from: selftest bench step-bird step-synthetic)" ;;
    esac
done
[[ -f "$WORK/agent.log" ]] && { log "agent calls"; cat "$WORK/agent.log"; }
if [[ $failures -ne 0 ]]; then log "$failures run(s) failed"; exit 1; fi
log "all runs finished"
