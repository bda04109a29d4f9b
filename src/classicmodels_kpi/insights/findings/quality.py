"""(findings of this group)"""
