package io.partita.bench;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/** The machine a result was measured on: figures only compare on the same one. */
public record Machine(int cores, long memoryMib, long maxHeapMib, String jvm, String os) {
  public static Machine current() {
    long memory = -1;
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      memory = os.getTotalMemorySize() >> 20;
    }
    Runtime runtime = Runtime.getRuntime();
    return new Machine(
        runtime.availableProcessors(),
        memory,
        runtime.maxMemory() >> 20,
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.arch"));
  }

  Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("cores", cores);
    map.put("memory_mib", memoryMib);
    map.put("max_heap_mib", maxHeapMib);
    map.put("jvm", jvm);
    map.put("os", os);
    return map;
  }

  @Override
  public String toString() {
    return "%d cores, %,d MiB memory, max heap %,d MiB, %s, %s"
        .formatted(cores, memoryMib, maxHeapMib, jvm, os);
  }
}
