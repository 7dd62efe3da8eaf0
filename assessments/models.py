"""What we think and plan: mappings, danger statements and safety goals, scaling, the child's
voice and safety plans. The models arrive with the assessments and safety plan capabilities."""
