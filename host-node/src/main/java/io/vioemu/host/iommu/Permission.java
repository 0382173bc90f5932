package io.vioemu.host.iommu;

/** What an I/O page-table entry lets a device do: read, write or both (VT-d's R and W bits). */
public enum Permission {
  READ(true, false),
  WRITE(false, true),
  READ_WRITE(true, true);

  private final boolean read;
  private final boolean write;

  Permission(boolean read, boolean write) {
    this.read = read;
    this.write = write;
  }

  public boolean allows(boolean writeAccess) {
    return writeAccess ? write : read;
  }

  int bits() {
    return (read ? 1 : 0) | (write ? 2 : 0);
  }

  static Permission ofBits(int bits) {
    return switch (bits) {
      case 1 -> READ;
      case 2 -> WRITE;
      case 3 -> READ_WRITE;
      default -> throw new IllegalArgumentException("no permission with bits " + bits);
    };
  }
}
