package org.ferry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a report says about the machine it ran on: CPUs, model, memory, kernel, JVM. Read from /proc. */
final class Machine {
    private Machine() {
    }

    static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("cpuModel", first("/proc/cpuinfo", "model name"));
        m.put("memTotal", first("/proc/meminfo", "MemTotal"));
        m.put("kernel", read("/proc/sys/kernel/osrelease"));
        m.put("os", first("/etc/os-release", "PRETTY_NAME"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("loadAverageAtStart", read("/proc/loadavg"));
        return m;
    }

    /**
     * Milliseconds all CPUs together have spent in one state of the first line of /proc/stat since boot (field 4:
     * idle, 5: iowait, 8: steal, the time the hypervisor ran something else on a vCPU), or -1 where unknown.
     * Sampled each second beside the run: on a VM the same work can cost much more in some hours than in others
     * (docs/benchmarks.md, sixth and seventh sessions), and steal is the part of that the guest can see.
     */
    static long cpuStateMillis(int field) {
        try (var lines = Files.lines(Path.of("/proc/stat"))) {
            String cpu = lines.findFirst().orElse("");
            String[] f = cpu.trim().split("\\s+");
            return f[0].equals("cpu") && f.length > field ? Long.parseLong(f[field]) * 10 : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String first(String file, String key) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(line.contains(":") ? ':' : '=') + 1).trim().replace("\"", "");
                }
            }
        } catch (IOException e) {
            // not Linux, or hidden
        }
        return "?";
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).trim();
        } catch (IOException e) {
            return "?";
        }
    }
}
