package io.partita.project;

import io.partita.engine.Engine;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Warehouses this process holds and shares with every other {@link ProjectContext} of the same
 * warehouse in the process: DuckDB lets one process open a file, so commands a holder runs for
 * other shells must use the holder's connection instead of opening their own. Thread-safe.
 */
final class SharedWarehouses {
  private static final Map<Path, Engine> SHARED = new ConcurrentHashMap<>();

  private SharedWarehouses() {}

  /** Shares {@code engine} as the warehouse at {@code location}; false if one is shared there. */
  static boolean share(Path location, Engine engine) {
    return SHARED.putIfAbsent(key(location), engine) == null;
  }

  static void unshare(Path location, Engine engine) {
    SHARED.remove(key(location), engine);
  }

  /** A view of the shared warehouse at {@code location} whose close leaves the warehouse open. */
  static Optional<Engine> view(Path location) {
    return Optional.ofNullable(SHARED.get(key(location))).map(SharedWarehouses::nonClosing);
  }

  private static Path key(Path location) {
    return location.toAbsolutePath().normalize();
  }

  private static Engine nonClosing(Engine engine) {
    return (Engine)
        Proxy.newProxyInstance(
            Engine.class.getClassLoader(),
            new Class<?>[] {Engine.class},
            (proxy, method, args) -> {
              if (method.getName().equals("close") && method.getParameterCount() == 0) {
                return null; // the holder closes the warehouse, not the borrower
              }
              if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                  case "equals" -> proxy == args[0];
                  case "hashCode" -> System.identityHashCode(proxy);
                  default -> "shared " + engine;
                };
              }
              try {
                return method.invoke(engine, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
