-- Promotion management has its own staff role.
ALTER TABLE "staff_user" DROP CONSTRAINT "staff_user_roles_known";
ALTER TABLE "staff_user" ADD CONSTRAINT "staff_user_roles_known"
  CHECK ("roles" <@ ARRAY['support', 'catalog_admin', 'pricing_admin', 'promotion_admin', 'warehouse_admin', 'moderator', 'admin', 'service']::TEXT[]);
