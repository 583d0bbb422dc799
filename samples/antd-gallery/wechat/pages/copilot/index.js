Page({
  data: {
    prompts: [
      { key: 'form', label: 'Build a form', description: 'Form and its items' },
      { key: 'popup', label: 'Show a popup', description: 'Popup and Modal' },
    ],
    thoughts: [
      { key: '1', title: 'Read the question', content: 'A form with a picker' },
      { key: '2', title: 'Find components', content: 'Form, FormPicker' },
    ],
    actions: [{ label: 'Copy', icon: 'FileOutline' }, { label: 'Like', icon: 'LikeOutline' }],
    conversations: [
      { key: 'a', label: 'Forms', description: 'yesterday' },
      { key: 'b', label: 'Pickers', description: 'last week' },
    ],
    draft: '',
    asked: '',
    action: '',
    conversation: '',
  },
  pickPrompt(e) { const [item] = e.detail; this.setData({ asked: item.label }); },
  typeDraft(e) { const value = e.detail; this.setData({ draft: value }); },
  send(e) { const value = e.detail; this.setData({ asked: value, draft: '' }); },
  tapAction(e) { const item = e.detail; this.setData({ action: item.label }); },
  openConversation(e) { const [item] = e.detail; this.setData({ conversation: item.label }); },
});
