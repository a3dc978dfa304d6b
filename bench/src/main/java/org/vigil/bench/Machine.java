package org.vigil.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the run was measured on: CPU, memory, Java, and the load average (other work disturbs the figures). */
final class Machine {

  private Machine() {}

  /** The load average (1, 5, 15 min) as /proc/loadavg says it. */
  static String load() {
    try {
      String[] p = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return p[0] + " " + p[1] + " " + p[2];
    } catch (IOException e) {
      return "n/a";
    }
  }

  static Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cpu", cpuModel());
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("memoryMb", memTotalMb());
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put("loadAtStart", load());
    return m;
  }

  private static String cpuModel() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
      return lines.stream().filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst().orElse("n/a");
    } catch (IOException e) {
      return "n/a";
    }
  }

  private static long memTotalMb() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
          .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024).findFirst().orElse(-1L);
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * CPU time (user + system) a process has used so far, in seconds, from /proc/&lt;pid&gt;/stat (clock ticks of 1/100 s);
   * -1 when it is gone. Unlike wall-clock rates, CPU per reading barely moves when other work shares the machine.
   */
  static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * CPU seconds (user + system) of the threads of process {@code pid} whose name ({@code /proc/<pid>/task/<tid>/comm})
   * {@code name} accepts, as far as they are alive now; -1 when the process is gone.
   */
  static double threadCpuSeconds(long pid, java.util.function.Predicate<String> name) {
    Path tasks = Path.of("/proc/" + pid + "/task");
    try (var ids = Files.list(tasks)) {
      double sum = 0;
      for (Path t : (Iterable<Path>) ids::iterator) {
        try {
          if (name.test(Files.readString(t.resolve("comm")).strip())) {
            String stat = Files.readString(t.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            sum += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
          }
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
      return sum;
    } catch (IOException e) {
      return -1;
    }
  }

  /** Resident set size of a process in MB, from /proc/&lt;pid&gt;/status; -1 when it is gone. */
  static double rssMb(long pid) {
    try {
      return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
          .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024.0).findFirst().orElse(-1.0);
    } catch (IOException e) {
      return -1;
    }
  }
}
