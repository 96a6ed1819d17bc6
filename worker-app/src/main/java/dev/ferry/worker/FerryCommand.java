package dev.ferry.worker;

/** Entry point of the {@code ferry} executable. */
public final class FerryCommand {
  private FerryCommand() {}

  public static void main(String[] args) {
    System.out.println("ferry: not built yet");
  }
}
