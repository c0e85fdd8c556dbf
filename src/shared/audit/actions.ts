/**
 * Every action the audit log records, in one list. A feature that writes a new kind of row adds its
 * name here first, so filters, exports and reviews see the whole vocabulary in one place.
 */
export const AUDIT_ACTIONS = [
  // Trader accounts (issue 4)
  'register',
  'login',
  'login_failed',
  'refresh_reuse_detected',
  'logout',
  'password_changed',
  'status_changed',
  // Catalog (issue 5)
  'sync_run',
  'product_updated',
  'products_reordered',
  'products_visibility_changed',
  'product_image_added',
  'product_image_removed',
  'product_images_reordered',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
