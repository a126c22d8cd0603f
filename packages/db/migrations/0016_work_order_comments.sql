-- Table comments for the work-order tables of 0015.

COMMENT ON TABLE cityops_category IS 'A city-management case category (GB/T 30428 部件/事件 class, or a 12345 kind) with its 立案条件, 处置时限 (value and unit: working hours, working days or clock hours), 结案条件 and default responsible unit. limit_assumed marks a limit we chose where the source gives none.';
COMMENT ON TABLE cityops_routing_rule IS 'The routing table: category × place (a committee, a street, or anywhere when null) → the responsible unit. The most specific rule wins; an order matching none waits in the dispatcher''s queue and is listed as a routing gap.';
COMMENT ON TABLE work_order IS 'The facts of a work order (工单): source, category, place, description, reporter; its handling is the workflow_case of the ''work-order'' workflow with the same id. responsible_unit_id, outcome, satisfaction and escalation_level are projections of the action log.';
COMMENT ON SEQUENCE work_order_no_seq IS 'The running number in a work order''s number.';
