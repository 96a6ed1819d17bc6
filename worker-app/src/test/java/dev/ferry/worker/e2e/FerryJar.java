package dev.ferry.worker.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The built {@code ferry.jar}, run with this JVM's java: system property {@code ferry.jar}. */
final class FerryJar {
  private FerryJar() {}

  /** {@code java [jvmArgs] -jar ferry.jar ARGS}. */
  static List<String> command(List<String> jvmArgs, List<String> args) {
    Path jar = Path.of(System.getProperty("ferry.jar", "target/ferry.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no ferry jar at " + jar + "; build it with ./mvnw package");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    command.addAll(args);
    return command;
  }
}
