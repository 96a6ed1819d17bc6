package dev.ferry.activities.storage.synthetic;

import dev.ferry.activities.storage.BackendOption;
import dev.ferry.activities.storage.BackendProfile;
import dev.ferry.activities.storage.BackendType;
import dev.ferry.activities.storage.LocationShape;
import java.util.List;

/** {@code type: discard} (load testing): a sink that reads and drops every object. */
public final class DiscardType implements BackendType {
  /** The one instance, as the registry lists it. */
  public static final DiscardType TYPE = new DiscardType();

  private DiscardType() {}

  @Override
  public String name() {
    return "discard";
  }

  @Override
  public String description() {
    return "load testing: a sink that reads and drops every object and lists empty;"
        + " locations NAME:";
  }

  @Override
  public String noIncompleteUploadsReason() {
    return "it keeps nothing that is written to it";
  }

  @Override
  public List<BackendOption> options() {
    return List.of();
  }

  @Override
  public LocationShape shape() {
    return LocationShape.NONE;
  }

  @Override
  public Connected connect(BackendProfile profile) {
    return (container, path, description) -> DiscardBackend.create();
  }
}
