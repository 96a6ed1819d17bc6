package dev.ferry.activities.config;

/**
 * The user's home directory, for {@code ~} and the default {@code FERRY_HOME}: {@code $HOME}, as
 * the shell and the {@code ferry} launcher read it, else the JVM's {@code user.home}.
 *
 * <p>The JVM takes {@code user.home} from the password database, not from {@code $HOME}: run with
 * another {@code HOME} (a container's user without an entry there, {@code sudo}, a CI job), ferry
 * kept its state under one home and the launcher its class-data archive under the other, and {@code
 * ~/out} named a directory other than the shell's.
 */
public final class UserHome {
  private UserHome() {}

  /**
   * {@code $HOME} when it is an absolute path, else {@code user.home} when it is one; null when
   * neither is (a user without an entry in the password database has {@code user.home} "?").
   */
  public static String path() {
    for (String home : new String[] {System.getenv("HOME"), System.getProperty("user.home")}) {
      if (home != null && home.startsWith("/")) {
        return home;
      }
    }
    return null;
  }

  /**
   * {@code text} with a leading {@code ~} or {@code ~/} as the home directory; unchanged otherwise,
   * and when there is no home directory.
   */
  public static String expand(String text) {
    String home = path();
    if (home != null && text != null && (text.equals("~") || text.startsWith("~/"))) {
      return home + text.substring(1);
    }
    return text;
  }
}
