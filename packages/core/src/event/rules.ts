/** The action a ruleset chose for the event (`rule_action`). */

export interface EventRuleAction {
  type?: 'allow' | 'block' | (string & {});
  ruleset_id?: string;
  rule_id?: string;
  rule_expression?: string;
  [field: string]: unknown;
}
