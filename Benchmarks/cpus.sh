# Sourced by Benchmarks/run and Benchmarks/proxy: which CPUs the servers and the load generator
# get, and how many workers each server runs.
#
#   split_cpus WIDE_CLIENT_CPUS   sets SERVER_CPUS, CLIENT_CPUS, SERVER_PIN, CLIENT_PIN, WORKERS
#
# On 2 or 3 cores the servers get core 0 and the load generator core 1; on 4 or more the servers
# get cores 0-1 and the load generator WIDE_CLIENT_CPUS. BENCH_SERVER_CPUS / BENCH_CLIENT_CPUS
# ("none": no pinning) override the lists. WORKERS is one per server CPU, as nginx's
# `worker_processes auto` and Gatehouse's default intend (a second event loop on the same core
# only adds time slicing between the loops, which shows up as tail latency); BENCH_WORKERS
# overrides it.

cpu_list_count() { # cpu_list_count LIST: how many CPUs a taskset list ("0", "0,1", "0-3,6") names
    awk -v list="$1" 'BEGIN {
        n = 0; k = split(list, parts, ",")
        for (i = 1; i <= k; i++) {
            if (split(parts[i], range, "-") == 2) n += range[2] - range[1] + 1; else n += 1
        }
        print n }'
}

pin() { # pin CPUS: the command prefix that runs a command on a CPU list ("" for none)
    if [[ $1 == none ]]; then echo ""; else echo "taskset -c $1"; fi
}

split_cpus() {
    local cores default_server default_client
    cores=$(nproc)
    if ((cores >= 4)); then
        default_server=0,1; default_client=$1
    elif ((cores >= 2)); then
        default_server=0; default_client=1
    else
        default_server=none; default_client=none
    fi
    SERVER_CPUS=${BENCH_SERVER_CPUS:-$default_server}
    CLIENT_CPUS=${BENCH_CLIENT_CPUS:-$default_client}
    SERVER_PIN=$(pin "$SERVER_CPUS")
    CLIENT_PIN=$(pin "$CLIENT_CPUS")
    if [[ $SERVER_CPUS == none ]]; then WORKERS=${BENCH_WORKERS:-$cores}; else WORKERS=${BENCH_WORKERS:-$(cpu_list_count "$SERVER_CPUS")}; fi
    if ! [[ $WORKERS =~ ^[0-9]+$ ]] || ((WORKERS < 1)); then
        echo "BENCH_WORKERS must be a positive number" >&2
        exit 2
    fi
}
