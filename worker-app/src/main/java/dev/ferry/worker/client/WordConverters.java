package dev.ferry.worker.client;

import dev.ferry.workflows.IfExists;
import dev.ferry.workflows.Mode;
import dev.ferry.workflows.Verification;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters of the migration options' words ({@code skip-identical}) to enums. */
final class WordConverters {
  private WordConverters() {}

  /**
   * Converts lower-case, dash-separated words into enum constants, listing the choices on error.
   */
  abstract static class WordConverter<E extends Enum<E>> implements ITypeConverter<E> {
    private final Class<E> type;

    WordConverter(Class<E> type) {
      this.type = type;
    }

    @Override
    public E convert(String value) {
      String name = value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
      for (E e : type.getEnumConstants()) {
        if (e.name().equals(name)) {
          return e;
        }
      }
      List<String> choices = new ArrayList<>();
      for (E e : type.getEnumConstants()) {
        choices.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
      }
      throw new TypeConversionException(
          "'" + value + "' is not one of " + String.join(", ", choices));
    }
  }

  static final class ModeConverter extends WordConverter<Mode> {
    ModeConverter() {
      super(Mode.class);
    }
  }

  static final class VerificationConverter extends WordConverter<Verification> {
    VerificationConverter() {
      super(Verification.class);
    }
  }

  static final class IfExistsConverter extends WordConverter<IfExists> {
    IfExistsConverter() {
      super(IfExists.class);
    }
  }
}
