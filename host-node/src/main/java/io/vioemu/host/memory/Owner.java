package io.vioemu.host.memory;

/**
 * Who a host page belongs to. The id tells VMs (and driver domains) apart; the hypervisor and the
 * free pool are single owners with id 0.
 */
public record Owner(Kind kind, int id) {

  /** The kinds of owner a host page can have. */
  public enum Kind {
    FREE,
    HYPERVISOR,
    VM,
    DRIVER_DOMAIN
  }

  public static final Owner FREE = new Owner(Kind.FREE, 0);
  public static final Owner HYPERVISOR = new Owner(Kind.HYPERVISOR, 0);

  public Owner {
    if (kind == null) {
      throw new IllegalArgumentException("owner kind is required");
    }
    if (id < 0) {
      throw new IllegalArgumentException("owner id must be >= 0, was " + id);
    }
    if ((kind == Kind.FREE || kind == Kind.HYPERVISOR) && id != 0) {
      throw new IllegalArgumentException(kind + " is a single owner: id must be 0, was " + id);
    }
  }

  public static Owner vm(int id) {
    return new Owner(Kind.VM, id);
  }

  public static Owner driverDomain(int id) {
    return new Owner(Kind.DRIVER_DOMAIN, id);
  }

  public boolean isFree() {
    return kind == Kind.FREE;
  }

  @Override
  public String toString() {
    return switch (kind) {
      case FREE -> "free";
      case HYPERVISOR -> "hypervisor";
      case VM -> "vm" + id;
      case DRIVER_DOMAIN -> "driver-domain" + id;
    };
  }
}
